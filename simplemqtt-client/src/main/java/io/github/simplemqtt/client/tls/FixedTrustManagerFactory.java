package io.github.simplemqtt.client.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * A {@link TrustManagerFactory} that hands out one ready-made trust manager; the way to give
 * HiveMQ's client (which takes a factory) our own {@code X509ExtendedTrustManager}. {@code init}
 * does nothing: the manager is complete when the factory is made.
 */
final class FixedTrustManagerFactory extends TrustManagerFactory {
  private static final Provider PROVIDER = new FixedProvider();

  FixedTrustManagerFactory(TrustManager trustManager) {
    super(new Spi(trustManager), PROVIDER, "simplemqtt-fixed");
  }

  private static final class Spi extends TrustManagerFactorySpi {
    private final TrustManager trustManager;

    Spi(TrustManager trustManager) {
      this.trustManager = trustManager;
    }

    @Override
    protected void engineInit(KeyStore keyStore) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return new TrustManager[] {trustManager};
    }
  }

  private static final class FixedProvider extends Provider {
    private static final long serialVersionUID = 1L;

    FixedProvider() {
      super("simplemqtt", "1.0", "simplemqtt: a trust manager factory with a fixed manager");
    }
  }
}
