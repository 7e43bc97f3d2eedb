package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import java.security.cert.CertificateException;

/**
 * Thrown by {@link ExplainingTrustManager}: it carries, as a {@link TlsException} not thrown, why
 * the broker's certificate was refused and what to do, and has its message. {@link TlsFailures}
 * finds it in a failed connection's cause chain.
 */
final class ExplainedCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  private final TlsException explanation;

  ExplainedCertificateException(TlsException explanation, Throwable cause) {
    super(explanation.getMessage(), cause);
    this.explanation = explanation;
  }

  /** What was wrong and what to do, with the chain file; its cause is not set. */
  TlsException explanation() {
    return explanation;
  }
}
