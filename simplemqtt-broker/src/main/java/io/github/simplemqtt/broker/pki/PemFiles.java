package io.github.simplemqtt.broker.pki;

import io.github.simplemqtt.tls.Pem;
import io.github.simplemqtt.tls.PemBlock;
import io.github.simplemqtt.tls.PemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CRLHolder;
import org.jspecify.annotations.Nullable;

/**
 * The kit's PEM files, read and written by simplemqtt-tls under the kit's rules: the kit wrote
 * them, so a file holds exactly what it should (only certificates, exactly one key, one CRL), and a
 * failure names the file and says to restore it. Errors are {@link PkiException}s.
 */
final class PemFiles {
  private PemFiles() {}

  static String certificatePem(X509Certificate certificate) {
    return Pem.encode(certificate);
  }

  /** PKCS#8 PEM; encrypted as {@link Pem#encodeEncrypted} does when a passphrase is given. */
  static String privateKeyPem(PrivateKey key, char @Nullable [] passphrase) {
    if (passphrase == null) {
      return Pem.encode(key);
    }
    if (passphrase.length == 0) {
      throw new PkiException("The passphrase is empty; give one, or none to leave the key open.");
    }
    return Pem.encodeEncrypted(key, passphrase);
  }

  /** A signed CRL as PEM text. */
  static String crlPem(X509CRLHolder crl) {
    try {
      return Pem.encode(PemBlock.Kind.CRL.label(), crl.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_MISSING,
          file + " is missing",
          "restore it or create the PKI again.",
          e);
    } catch (IOException e) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_ERROR,
          "Could not read " + file + ": " + e.getMessage() + ".",
          null,
          e);
    }
  }

  /** Every certificate in a PEM file, in order; at least one. */
  static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (PemBlock block : decode(file, read(file))) {
      if (block.kind() != PemBlock.Kind.CERTIFICATE) {
        throw PkiException.about(
            file,
            PkiException.Problem.FILE_DAMAGED,
            file
                + " holds something other than certificates; expected PEM 'BEGIN "
                + PemBlock.Kind.CERTIFICATE.label()
                + "' blocks only.",
            null);
      }
      try {
        certificates.add(block.certificate());
      } catch (PemException e) {
        throw PkiException.about(
            file,
            PkiException.Problem.FILE_DAMAGED,
            file + " holds a damaged certificate: " + parserSaid(e),
            null,
            e.getCause());
      }
    }
    if (certificates.isEmpty()) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " holds no PEM certificate",
          "restore it from a backup.");
    }
    return certificates;
  }

  /** The first certificate of a PEM file. */
  static X509Certificate readCertificate(Path file) {
    return readCertificates(file).get(0);
  }

  static X509CRLHolder readCrl(Path file) {
    List<PemBlock> blocks = decode(file, read(file));
    if (blocks.size() != 1 || blocks.get(0).kind() != PemBlock.Kind.CRL) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file
              + " is not a PEM certificate revocation list ('BEGIN "
              + PemBlock.Kind.CRL.label()
              + "')",
          "restore it from a backup.");
    }
    try {
      return new X509CRLHolder(blocks.get(0).crl().getEncoded());
    } catch (PemException | IOException | java.security.cert.CRLException e) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " holds a damaged certificate revocation list.",
          null,
          e);
    }
  }

  /** True when the key in {@code file} is protected by a passphrase. */
  static boolean isEncrypted(Path file) {
    return Pem.isEncryptedKey(read(file));
  }

  /**
   * The private key in {@code file}: PKCS#8 (plain or encrypted) or the traditional OpenSSL forms.
   * {@code passphrase} is used only when the key is encrypted.
   */
  static PrivateKey readPrivateKey(Path file, char @Nullable [] passphrase) {
    List<PemBlock> blocks = decode(file, read(file));
    if (blocks.size() != 1) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " must hold exactly one PEM private key.",
          null);
    }
    PemBlock block = blocks.get(0);
    if (!block.isPrivateKey()) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " holds no PEM private key ('BEGIN " + PemBlock.Kind.PRIVATE_KEY.label() + "').",
          null);
    }
    if (block.kind() == PemBlock.Kind.ENCRYPTED_PRIVATE_KEY && passphrase == null) {
      throw PkiException.about(
          file,
          PkiException.Problem.PASSPHRASE,
          file + " is encrypted",
          "give the CA passphrase to use it.");
    }
    try {
      return block.privateKey(passphrase);
    } catch (PemException e) {
      if (e.problem() == PemException.Problem.WRONG_PASSPHRASE) {
        // The cause's text is about padding or ASN.1, never the passphrase; keep it for --debug.
        throw PkiException.about(
            file,
            PkiException.Problem.PASSPHRASE,
            "The CA passphrase does not open " + file,
            "check the passphrase (or the file is damaged).",
            e.getCause());
      }
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " holds a damaged private key: " + parserSaid(e),
          null,
          e.getCause());
    }
  }

  /** What the parser said: its exception's message, else the tls module's own sentence. */
  private static @Nullable String parserSaid(PemException e) {
    Throwable cause = e.getCause();
    return cause != null ? cause.getMessage() : e.getMessage();
  }

  private static List<PemBlock> decode(Path file, String text) {
    try {
      return Pem.decode(text);
    } catch (PemException e) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " is not a valid PEM file (" + parserSaid(e) + ")",
          "restore it from a backup.",
          e.getCause());
    }
  }
}
