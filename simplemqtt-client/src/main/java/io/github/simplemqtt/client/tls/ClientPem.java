package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Pem;
import io.github.simplemqtt.tls.PemException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The client's PEM files, read by {@link Pem}: its failures become {@link TlsException}s with the
 * same words, file and cause, except that an encrypted key without a passphrase names the builder
 * method that gives one.
 */
final class ClientPem {
  private ClientPem() {}

  /** Every certificate in {@code file}, in file order; see {@link Pem#readCertificates}. */
  static List<X509Certificate> readCertificates(Path file) {
    try {
      return Pem.readCertificates(file);
    } catch (PemException e) {
      throw tlsException(e);
    }
  }

  /** The first private key in {@code file}; see {@link Pem#readPrivateKey}. */
  static PrivateKey readPrivateKey(Path file, char @Nullable [] passphrase) {
    try {
      return Pem.readPrivateKey(file, passphrase);
    } catch (PemException e) {
      if (e.problem() == PemException.Problem.ENCRYPTED) {
        throw new TlsException(
            file + " is encrypted",
            "pass its passphrase with keyPassphrase(...).",
            file,
            e.getCause());
      }
      throw tlsException(e);
    }
  }

  private static TlsException tlsException(PemException e) {
    return new TlsException(e.what(), e.fix().orElse(null), e.file().orElse(null), e.getCause());
  }
}
