package io.github.simplemqtt.client.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyManagerFactory} handing out one key manager that presents one key and its chain,
 * choosing it as the JDK's default ("SunX509") manager would from a key store holding only them. It
 * replaces an in-memory PKCS#12 store, whose key entry is encrypted with 10,000 rounds of PBKDF2
 * when stored and again when read: a tenth of a second of a short command's start. {@code init}
 * does nothing: the manager is complete when the factory is made.
 */
final class FixedKeyManagerFactory extends KeyManagerFactory {
  static final String ALIAS = "client";
  private static final Provider PROVIDER = new FixedProvider();

  FixedKeyManagerFactory(PrivateKey key, List<X509Certificate> chain) {
    super(new Spi(new FixedKeyManager(key, chain)), PROVIDER, "simplemqtt-fixed");
  }

  private static final class Spi extends KeyManagerFactorySpi {
    private final KeyManager keyManager;

    Spi(KeyManager keyManager) {
      this.keyManager = keyManager;
    }

    @Override
    protected void engineInit(KeyStore keyStore, char[] password) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected KeyManager[] engineGetKeyManagers() {
      return new KeyManager[] {keyManager};
    }
  }

  /** The one client key; a client manager only, it has nothing for a server. */
  static final class FixedKeyManager extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    FixedKeyManager(PrivateKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain.toArray(new X509Certificate[0]);
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
      return fits(keyType, issuers) ? new String[] {ALIAS} : null;
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyTypes, Principal[] issuers, Socket socket) {
      return choose(keyTypes, issuers);
    }

    @Override
    public @Nullable String chooseEngineClientAlias(
        String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return choose(keyTypes, issuers);
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public @Nullable String chooseEngineServerAlias(
        String keyType, Principal[] issuers, SSLEngine engine) {
      return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    private @Nullable String choose(String @Nullable [] keyTypes, Principal[] issuers) {
      if (keyTypes != null) {
        for (String keyType : keyTypes) {
          if (fits(keyType, issuers)) {
            return ALIAS;
          }
        }
      }
      return null;
    }

    /**
     * SunX509's rule: the key's algorithm is the type asked for ("EC", or "EC_RSA" for an EC key
     * whose certificate an RSA key signed); with issuers named, one certificate of the chain must
     * be issued by one of them.
     */
    private boolean fits(String keyType, Principal[] issuers) {
      if (keyType == null) {
        return false;
      }
      String signedBy = null;
      int underscore = keyType.indexOf('_');
      if (underscore >= 0) {
        signedBy = keyType.substring(underscore + 1);
        keyType = keyType.substring(0, underscore);
      }
      if (!keyType.equals(chain[0].getPublicKey().getAlgorithm())) {
        return false;
      }
      if (signedBy != null) {
        boolean signed =
            chain.length > 1
                ? signedBy.equals(chain[1].getPublicKey().getAlgorithm())
                : chain[0]
                    .getSigAlgName()
                    .toUpperCase(Locale.ENGLISH)
                    .contains("WITH" + signedBy.toUpperCase(Locale.ENGLISH));
        if (!signed) {
          return false;
        }
      }
      if (issuers == null || issuers.length == 0) {
        return true;
      }
      Set<Principal> wanted = Set.of(issuers);
      for (X509Certificate certificate : chain) {
        if (wanted.contains(certificate.getIssuerX500Principal())) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class FixedProvider extends Provider {
    private static final long serialVersionUID = 1L;

    FixedProvider() {
      super("simplemqtt", "1.0", "simplemqtt: a key manager factory with a fixed manager");
    }
  }
}
