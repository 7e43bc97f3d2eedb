package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificates and private keys with Bouncy Castle. Every problem becomes a {@link
 * TlsException} that names the file and says what to do; key bytes and passphrases never appear in
 * a message.
 */
final class PemFiles {
  private static final Pattern BEGIN = Pattern.compile("^-----BEGIN ([A-Z0-9 ]+)-----\\s*$");
  private static final Pattern END = Pattern.compile("^-----END ([A-Z0-9 ]+)-----\\s*$");
  private static final byte DER_SEQUENCE = 0x30;

  private PemFiles() {}

  /**
   * Reads every certificate in {@code file}, in file order. Text between PEM blocks (blank lines,
   * comments, openssl's "subject=" lines) is ignored; private keys next to certificates are ignored
   * as well.
   */
  static List<X509Certificate> readCertificates(Path file) {
    String text = readPemText(file, Kind.CERTIFICATE);
    List<X509Certificate> certificates = new ArrayList<>();
    boolean sawKey = false;
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        } else if (object instanceof X509TrustedCertificateBlock trusted) {
          certificates.add(converter.getCertificate(trusted.getCertificateHolder()));
        } else if (isKey(object)) {
          sawKey = true;
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw malformed(file, Kind.CERTIFICATE, e);
    }
    if (certificates.isEmpty()) {
      if (sawKey) {
        throw new TlsException(
            file
                + " holds a private key, not a certificate; check that the certificate and key"
                + " files are not swapped.",
            file);
      }
      throw new TlsException(
          file
              + " holds no certificate (it holds: "
              + String.join(", ", blockTypes(text))
              + "); it should hold a PEM certificate (-----BEGIN CERTIFICATE-----).",
          file);
    }
    return List.copyOf(certificates);
  }

  /**
   * Reads the first private key in {@code file}: PKCS#8, PKCS#1 RSA, SEC1 EC (with or without an EC
   * PARAMETERS block before it), encrypted PKCS#8, or legacy encrypted PEM ({@code Proc-Type:
   * 4,ENCRYPTED}).
   *
   * @param passphrase needed only for an encrypted key; may be null
   */
  static PrivateKey readPrivateKey(Path file, char[] passphrase) {
    String text = readPemText(file, Kind.KEY);
    Object key = null;
    boolean sawCertificate = false;
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (isKey(object)) {
          key = object;
          break;
        }
        if (object instanceof X509CertificateHolder
            || object instanceof X509TrustedCertificateBlock) {
          sawCertificate = true;
        }
        // Anything else (EC PARAMETERS before an EC key, for one) is skipped.
      }
    } catch (IOException | RuntimeException e) {
      throw malformed(file, Kind.KEY, e);
    }
    if (key == null) {
      if (sawCertificate) {
        throw new TlsException(
            file
                + " holds a certificate, not a private key; check that the certificate and key"
                + " files are not swapped.",
            file);
      }
      throw new TlsException(
          file
              + " holds no private key (it holds: "
              + String.join(", ", blockTypes(text))
              + "); it should hold a PEM private key (-----BEGIN PRIVATE KEY-----).",
          file);
    }
    return toPrivateKey(file, key, passphrase);
  }

  private static PrivateKey toPrivateKey(Path file, Object key, char[] passphrase) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (key instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (key instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsException(
          file
              + " holds a private key of a kind that cannot be used here; use an RSA or EC key"
              + " (for example `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`).",
          file,
          e);
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new TlsException(
          file + " is encrypted; pass its passphrase with keyPassphrase(...).", file);
    }
    try {
      if (key instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        InputDecryptorProvider decryptor =
            new JceOpenSSLPKCS8DecryptorProviderBuilder()
                .setProvider(BouncyCastle.PROVIDER)
                .build(passphrase);
        return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
      }
      PEMEncryptedKeyPair encrypted = (PEMEncryptedKeyPair) key;
      return converter
          .getKeyPair(
              encrypted.decryptKeyPair(
                  new JcePEMDecryptorProviderBuilder()
                      .setProvider(BouncyCastle.PROVIDER)
                      .build(passphrase)))
          .getPrivate();
    } catch (Exception e) {
      // A wrong passphrase shows up as a padding error or as garbage that does not parse.
      throw new TlsException(
          file
              + " could not be decrypted: the passphrase is wrong (or the file is damaged); pass"
              + " the passphrase it was encrypted with.",
          file,
          e);
    }
  }

  private static boolean isKey(Object object) {
    return object instanceof PEMKeyPair
        || object instanceof PrivateKeyInfo
        || object instanceof PKCS8EncryptedPrivateKeyInfo
        || object instanceof PEMEncryptedKeyPair;
  }

  /** Reads the file and rejects what is clearly not PEM, with a message that says what it is. */
  private static String readPemText(Path file, Kind kind) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      String relativeTo = file.isAbsolute() ? "" : " (it is relative to " + cwd() + ")";
      throw new TlsException(file + " does not exist; check the path" + relativeTo + ".", file, e);
    } catch (AccessDeniedException e) {
      throw new TlsException(
          file + " cannot be read (permission denied); make it readable by this user.", file, e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new TlsException(file + " is a directory; pass the " + kind.what + " file.", file, e);
      }
      throw new TlsException(
          file + " cannot be read (" + e.getClass().getSimpleName() + "); check the file.",
          file,
          e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new TlsException(file + " is empty; it should hold " + kind.pemExample + ".", file);
    }
    if (!text.contains("-----BEGIN ")) {
      if (bytes[0] == DER_SEQUENCE) {
        throw new TlsException(
            file
                + " looks like DER (binary), not PEM; convert it with `openssl "
                + kind.opensslCommand
                + " -inform der -in "
                + file
                + " -out "
                + file
                + ".pem`.",
            file);
      }
      throw new TlsException(
          file
              + " is not a PEM file (it has no -----BEGIN line); it should hold "
              + kind.pemExample
              + ".",
          file);
    }
    String unclosed = unclosedBlock(text);
    if (unclosed != null) {
      throw new TlsException(
          file
              + " has a -----BEGIN "
              + unclosed
              + "----- line without its -----END line; the file is truncated, copy it again.",
          file);
    }
    return text;
  }

  private static TlsException malformed(Path file, Kind kind, Exception cause) {
    return new TlsException(
        file
            + " holds a damaged PEM "
            + kind.what
            + " (its content does not decode); the file is corrupted or truncated, copy it again.",
        file,
        cause);
  }

  /** The type of the first BEGIN block that has no matching END, or null. */
  private static String unclosedBlock(String text) {
    String open = null;
    for (String line : text.split("\\R")) {
      Matcher begin = BEGIN.matcher(line.strip());
      Matcher end = END.matcher(line.strip());
      if (begin.matches()) {
        if (open != null) {
          return open;
        }
        open = begin.group(1);
      } else if (end.matches()) {
        open = null;
      }
    }
    return open;
  }

  private static List<String> blockTypes(String text) {
    Set<String> types = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      Matcher begin = BEGIN.matcher(line.strip());
      if (begin.matches()) {
        types.add(begin.group(1));
      }
    }
    return List.copyOf(types);
  }

  private static String cwd() {
    return Path.of("").toAbsolutePath().toString();
  }

  private enum Kind {
    CERTIFICATE("certificate", "a PEM certificate (-----BEGIN CERTIFICATE-----)", "x509"),
    KEY("private key", "a PEM private key (-----BEGIN PRIVATE KEY-----)", "pkey");

    final String what;
    final String pemExample;
    final String opensslCommand;

    Kind(String what, String pemExample, String opensslCommand) {
      this.what = what;
      this.pemExample = pemExample;
      this.opensslCommand = opensslCommand;
    }
  }

  /** One Bouncy Castle provider instance, made on first use and never registered globally. */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }
}
