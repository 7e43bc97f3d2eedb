package io.github.simplemqtt.client.tls;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link ExplainingTrustManager}: its message says in words why the broker's certificate
 * was refused and what to do. {@link TlsFailures} finds it in a failed connection's cause chain.
 */
final class ExplainedCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Path file;

  ExplainedCertificateException(String message, @Nullable Path file, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
