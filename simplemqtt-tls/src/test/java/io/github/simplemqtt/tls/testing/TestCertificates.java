package io.github.simplemqtt.tls.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates of shapes no tool of ours makes (no CN, a CN that is not text, a damaged or missing
 * extension), built with Bouncy Castle directly. Shared through this module's test-jar with the
 * kit's tests.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A new P-256 key pair. */
  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A self-signed certificate (serial 2) with exactly the given extensions, read back by Bouncy
   * Castle's provider, which reports a damaged extension when asked for it rather than ignoring it.
   */
  // Bouncy Castle's types in a public signature: a test fixture, compiled into the module.
  @SuppressWarnings("exports")
  public static X509Certificate selfSigned(
      KeyPair keys,
      X500Name subject,
      Instant notBefore,
      Instant notAfter,
      Extension... extensions) {
    try {
      return new JcaX509CertificateConverter()
          .setProvider(new BouncyCastleProvider())
          .getCertificate(holder(keys, subject, notBefore, notAfter, extensions));
    } catch (CertificateException e) {
      throw new AssertionError("Could not make a certificate for " + subject, e);
    }
  }

  /**
   * The DER of such a certificate, not read back by anyone: for shapes even Bouncy Castle's
   * provider refuses (a damaged critical extension).
   */
  @SuppressWarnings("exports")
  public static byte[] selfSignedDer(
      KeyPair keys,
      X500Name subject,
      Instant notBefore,
      Instant notAfter,
      Extension... extensions) {
    try {
      return holder(keys, subject, notBefore, notAfter, extensions).getEncoded();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static X509CertificateHolder holder(
      KeyPair keys,
      X500Name subject,
      Instant notBefore,
      Instant notAfter,
      Extension... extensions) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.TWO,
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      for (Extension extension : extensions) {
        builder.addExtension(extension);
      }
      return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    } catch (CertIOException | OperatorCreationException e) {
      throw new AssertionError("Could not make a certificate for " + subject, e);
    }
  }
}
