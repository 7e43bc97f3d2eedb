package io.github.simplemqtt.cli.doctor;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Wrappers that let the TLS step see what a handshake hides: the broker's certificate chain and the
 * CAs its CertificateRequest names. They decide nothing themselves.
 */
final class RecordingManagers {
  private RecordingManagers() {}

  /** Records the server's chain, then lets the delegate (or nobody, for a probe) judge it. */
  static final class Trust extends X509ExtendedTrustManager {
    private final @Nullable X509ExtendedTrustManager delegate;
    volatile X509Certificate @Nullable [] serverChain;
    volatile @Nullable CertificateException rejection;

    /**
     * @param delegate the real check; null accepts everything (only to see what a port is)
     */
    Trust(@Nullable X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket)
        throws CertificateException {
      serverChain = chain.clone();
      if (delegate != null) {
        try {
          delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
          rejection = e;
          throw e;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      serverChain = chain.clone();
      if (delegate != null) {
        try {
          delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
          rejection = e;
          throw e;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      checkServerTrusted(chain, authType, (Socket) null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("doctor is a client and trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("doctor is a client and trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("doctor is a client and trusts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
  }

  /** Records whether the broker asked for a client certificate, and from which CAs. */
  static final class Keys extends X509ExtendedKeyManager {
    private final @Nullable X509ExtendedKeyManager delegate;
    volatile boolean asked;
    volatile List<Principal> acceptedIssuers = List.of();

    /**
     * @param delegate presents the client certificate; null when there is none
     */
    Keys(@Nullable X509ExtendedKeyManager delegate) {
      this.delegate = delegate;
    }

    private void record(Principal @Nullable [] issuers) {
      asked = true;
      acceptedIssuers = issuers == null ? List.of() : List.of(issuers);
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyType, Principal[] issuers, Socket socket) {
      record(issuers);
      // Present our certificate whatever the broker named: its verdict is what we want to see.
      return delegate == null ? null : delegate.chooseClientAlias(keyType, null, socket);
    }

    @Override
    public @Nullable String chooseEngineClientAlias(
        String[] keyType, Principal[] issuers, SSLEngine engine) {
      record(issuers);
      return delegate == null ? null : delegate.chooseEngineClientAlias(keyType, null, engine);
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
      return delegate == null ? null : delegate.getClientAliases(keyType, null);
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      return delegate == null ? null : delegate.getCertificateChain(alias);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      return delegate == null ? null : delegate.getPrivateKey(alias);
    }
  }
}
