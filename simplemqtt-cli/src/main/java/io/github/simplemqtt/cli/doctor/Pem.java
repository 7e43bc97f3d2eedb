package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads PEM files, worded as the client library words them. */
final class Pem {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pem() {}

  /**
   * Every certificate in {@code file}. The client library's loader does the reading, so a missing,
   * binary, truncated or swapped file gets its words.
   *
   * @throws TlsException naming the file and saying what to do
   */
  static List<X509Certificate> certificates(Path file) {
    return TlsSetup.load(file, null, null, null, false, Clock.systemUTC()).trustedCertificates();
  }

  /**
   * The first private key in {@code keyFile}.
   *
   * @throws TlsException naming the file and saying what to do
   */
  static PrivateKey privateKey(Path keyFile, Path certFile) {
    Object object = null;
    try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(reader)) {
      for (Object next = parser.readObject(); next != null; next = parser.readObject()) {
        if (next instanceof PEMKeyPair
            || next instanceof PrivateKeyInfo
            || next instanceof PEMEncryptedKeyPair
            || next instanceof PKCS8EncryptedPrivateKeyInfo) {
          object = next;
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      object = null;
    }
    if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new TlsException(
          keyFile
              + " is encrypted, and the command line does not ask for passphrases; write a"
              + " decrypted copy with `openssl pkey -in "
              + keyFile
              + " -out client-plain.key` and keep it 0600.",
          keyFile);
    }
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException e) {
      // Fall through to the client library's words.
    }
    // Let the client library say what is wrong with the file.
    TlsSetup.load(certFile, certFile, keyFile, null, false, Clock.systemUTC());
    throw new TlsException(
        keyFile + " holds no private key we can read; it should hold a PEM private key.", keyFile);
  }

  /** Whether {@code key} is the private half of {@code publicKey}: signs and verifies a nonce. */
  static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return true;
    }
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(nonce);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(nonce);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Splits one of the client library's "what is wrong; what to do." messages into a cause sentence
   * and a fix sentence.
   */
  static String[] causeAndFix(String message, String defaultFix) {
    String text = message == null ? "" : message.strip();
    int split = text.indexOf("; ");
    if (split < 0) {
      return new String[] {sentence(text), defaultFix};
    }
    return new String[] {sentence(text.substring(0, split)), sentence(text.substring(split + 2))};
  }

  static String sentence(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return s;
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
