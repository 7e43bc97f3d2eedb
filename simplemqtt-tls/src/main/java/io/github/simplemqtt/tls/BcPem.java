package io.github.simplemqtt.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Everything that needs Bouncy Castle: PEM parsing beyond the JDK's fast path ({@link JdkPem}), key
 * formats the JDK does not read (PKCS#1, SEC1, encrypted PKCS#8, legacy encrypted PEM), and
 * writing. The only class here that names a Bouncy Castle type, so loading the others loads none.
 */
final class BcPem {
  private static final SecureRandom RANDOM = new SecureRandom();

  private BcPem() {}

  /** A private instance, not registered, so the application's provider list stays as it was. */
  private static final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  // ---- reading ----

  /**
   * Hands each block of {@code text} to {@code each}, in order, until it returns false or the text
   * ends. Text between blocks is skipped; a block that does not decode stops the walk with Bouncy
   * Castle's exception.
   */
  static void forEach(String text, Predicate<PemBlock> each) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!each.test(new PemBlock(kindOf(object), object))) {
          return;
        }
      }
    }
  }

  private static PemBlock.Kind kindOf(Object object) {
    if (object instanceof X509CertificateHolder) {
      return PemBlock.Kind.CERTIFICATE;
    }
    if (object instanceof X509TrustedCertificateBlock) {
      return PemBlock.Kind.TRUSTED_CERTIFICATE;
    }
    if (object instanceof PEMKeyPair || object instanceof PrivateKeyInfo) {
      return PemBlock.Kind.PRIVATE_KEY;
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
      return PemBlock.Kind.ENCRYPTED_PRIVATE_KEY;
    }
    if (object instanceof X509CRLHolder) {
      return PemBlock.Kind.CRL;
    }
    return PemBlock.Kind.OTHER;
  }

  static X509Certificate certificate(Object object) throws CertificateException {
    X509CertificateHolder holder =
        object instanceof X509TrustedCertificateBlock trusted
            ? trusted.getCertificateHolder()
            : (X509CertificateHolder) object;
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  static X509CRL crl(Object object) throws CRLException {
    return new JcaX509CRLConverter().getCRL((X509CRLHolder) object);
  }

  /** An unencrypted key (PKCS#8, PKCS#1 RSA, SEC1 EC) as the JDK's key. */
  static PrivateKey plainKey(Object object) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (object instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    return converter.getPrivateKey((PrivateKeyInfo) object);
  }

  /**
   * Decrypts an encrypted PKCS#8 or legacy encrypted PEM key. Any failure means the passphrase is
   * wrong or the block damaged: a padding error, or garbage that does not parse.
   */
  static Object decrypt(Object object, char[] passphrase) throws Exception {
    if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      return encrypted.decryptPrivateKeyInfo(
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
    }
    return ((PEMEncryptedKeyPair) object)
        .decryptKeyPair(
            new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
  }

  // ---- writing ----

  static String certificate(X509Certificate certificate) {
    return write(certificate);
  }

  static String privateKey(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("Could not encode a private key: " + e.getMessage(), e);
    }
  }

  static String encryptedPrivateKey(PrivateKey key, char[] passphrase, int iterations) {
    try {
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(iterations)
              .setRandom(RANDOM)
              .setPassword(passphrase)
              .setProvider(Bc.PROVIDER)
              .build();
      return write(new JcaPKCS8Generator(key, encryptor));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("Could not encode a private key: " + e.getMessage(), e);
    }
  }

  static String block(String label, byte[] der) {
    return write(new PemObject(label, der));
  }

  private static String write(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
