package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.tls.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Helpers for the PKI tests: parsing with the JDK (not the code under test) and running openssl.
 */
final class PkiFixtures {
  /** A whole-second instant the fixed clocks start from. */
  static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

  private PkiFixtures() {}

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> all = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        all.add((X509Certificate) certificate);
      }
      return all;
    } catch (IOException | CertificateException e) {
      throw new AssertionError("Could not parse " + file, e);
    }
  }

  static X509Certificate certificate(Path file) {
    return certificates(file).get(0);
  }

  static X509CRL crl(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    } catch (IOException | CertificateException | CRLException e) {
      throw new AssertionError("Could not parse " + file, e);
    }
  }

  /**
   * A self-signed certificate made with Bouncy Castle directly, valid for a year from {@link #T0},
   * with exactly the given extensions: for shapes that {@link HeldCertificate} never makes (no CN,
   * a CN that is not text, a damaged or missing extension).
   */
  static X509Certificate selfSigned(KeyPair keys, X500Name subject, Extension... extensions) {
    return TestCertificates.selfSigned(
        keys, subject, T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(365)), extensions);
  }

  static byte[] subjectKeyId(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    assertThat(value).as("subject key identifier").isNotNull();
    return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets())
        .getKeyIdentifier();
  }

  static byte[] authorityKeyId(byte[] extensionValue) {
    assertThat(extensionValue).as("authority key identifier").isNotNull();
    return AuthorityKeyIdentifier.getInstance(
            ASN1OctetString.getInstance(extensionValue).getOctets())
        .getKeyIdentifierOctets();
  }

  static byte[] authorityKeyId(X509Certificate certificate) {
    return authorityKeyId(certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId()));
  }

  static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /** Every file under {@code dir} with its content, to show that an operation changed nothing. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  /** What a finished openssl run printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  static Result openssl(Path workDirectory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDirectory.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("openssl did not finish: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("Could not run " + command + " (is openssl installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
