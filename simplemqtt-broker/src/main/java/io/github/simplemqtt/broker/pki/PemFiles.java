package io.github.simplemqtt.broker.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reading and writing PEM text and files, with errors that name the file. */
final class PemFiles {
  /**
   * PBKDF2-HMAC-SHA256 rounds for an encrypted key: 50 times OpenSSL's default of 2048, so a stolen
   * CA key is slower to brute-force, while opening one still takes well under a second (about 0.15
   * s with Bouncy Castle's PBKDF2 on a small machine).
   */
  static final int PBKDF2_ITERATIONS = 100_000;

  private PemFiles() {}

  /** A private instance, not registered, so the application's provider list stays as it was. */
  private static final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String certificatePem(X509Certificate certificate) {
    return pem(certificate);
  }

  /** PKCS#8 PEM; encrypted with AES-256-CBC and PBKDF2-HMAC-SHA256 when a passphrase is given. */
  static String privateKeyPem(PrivateKey key, char[] passphrase) {
    try {
      if (passphrase == null) {
        return pem(new JcaPKCS8Generator(key, null));
      }
      if (passphrase.length == 0) {
        throw new PkiException("The passphrase is empty; give one, or none to leave the key open.");
      }
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setRandom(HeldCertificate.RANDOM)
              .setPassword(passphrase)
              .setProvider(Bc.PROVIDER)
              .build();
      return pem(new JcaPKCS8Generator(key, encryptor));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("Could not encode a private key: " + e.getMessage(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PkiException(file + " is missing; restore it or create the PKI again.", e);
    } catch (IOException e) {
      throw new PkiException("Could not read " + file + ": " + e.getMessage() + ".", e);
    }
  }

  /** Every certificate in a PEM file, in order; at least one. */
  static List<X509Certificate> readCertificates(Path file) {
    List<Object> objects = parse(file, read(file));
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object object : objects) {
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new PkiException(
            file
                + " holds something other than certificates; expected PEM"
                + " 'BEGIN CERTIFICATE' blocks only.");
      }
      try {
        certificates.add(converter.getCertificate(holder));
      } catch (CertificateException e) {
        throw new PkiException(file + " holds a damaged certificate: " + e.getMessage(), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new PkiException(file + " holds no PEM certificate; restore it from a backup.");
    }
    return certificates;
  }

  /** The first certificate of a PEM file. */
  static X509Certificate readCertificate(Path file) {
    return readCertificates(file).get(0);
  }

  static X509CRLHolder readCrl(Path file) {
    List<Object> objects = parse(file, read(file));
    if (objects.size() != 1 || !(objects.get(0) instanceof X509CRLHolder crl)) {
      throw new PkiException(
          file
              + " is not a PEM certificate revocation list ('BEGIN X509 CRL');"
              + " restore it from a backup.");
    }
    return crl;
  }

  /** True when the key in {@code file} is protected by a passphrase. */
  static boolean isEncrypted(Path file) {
    String text = read(file);
    return text.contains("BEGIN ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED");
  }

  /**
   * The private key in {@code file}: PKCS#8 (plain or encrypted) or the traditional OpenSSL forms.
   * {@code passphrase} is used only when the key is encrypted.
   */
  static PrivateKey readPrivateKey(Path file, char[] passphrase) {
    List<Object> objects = parse(file, read(file));
    if (objects.size() != 1) {
      throw new PkiException(file + " must hold exactly one PEM private key.");
    }
    Object object = objects.get(0);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        requirePassphrase(file, passphrase);
        PrivateKeyInfo info;
        try {
          info =
              encrypted.decryptPrivateKeyInfo(
                  new JceOpenSSLPKCS8DecryptorProviderBuilder()
                      .setProvider(Bc.PROVIDER)
                      .build(passphrase));
        } catch (Exception e) {
          throw wrongPassphrase(file, e);
        }
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMEncryptedKeyPair encrypted) {
        requirePassphrase(file, passphrase);
        PEMKeyPair pair;
        try {
          pair =
              encrypted.decryptKeyPair(
                  new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
        } catch (Exception e) {
          throw wrongPassphrase(file, e);
        }
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new PkiException(file + " holds a damaged private key: " + e.getMessage(), e);
    }
    throw new PkiException(file + " holds no PEM private key ('BEGIN PRIVATE KEY').");
  }

  private static void requirePassphrase(Path file, char[] passphrase) {
    if (passphrase == null) {
      throw new PkiException(file + " is encrypted; give the CA passphrase to use it.");
    }
  }

  private static PkiException wrongPassphrase(Path file, Exception cause) {
    // The cause's text is about padding or ASN.1, never the passphrase; keep it for --debug.
    return new PkiException(
        "The CA passphrase does not open "
            + file
            + "; check the passphrase (or the file is damaged).",
        cause);
  }

  private static List<Object> parse(Path file, String text) {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new PkiException(
          file
              + " is not a valid PEM file ("
              + e.getMessage()
              + ");"
              + " restore it from a backup.",
          e);
    }
    return objects;
  }
}
