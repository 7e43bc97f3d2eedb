package io.github.simplemqtt.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Optional;

/** Whether a private key and a public key (a certificate's) are two halves of one key pair. */
public final class Keys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Keys() {}

  /**
   * Signs random bytes with {@code key} and verifies them with {@code publicKey}. Works for every
   * key type the JDK can sign with (RSA, EC, DSA, Ed25519, Ed448); a type it cannot sign with (such
   * as X25519) is not refused here, since the TLS handshake will tell. Keys of different types
   * never belong together.
   */
  public static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    Optional<String> algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm.isEmpty()) {
      return true;
    }
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm.get());
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm.get());
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // The key cannot sign with this algorithm (e.g. its curve does not fit the certificate's).
      return false;
    }
  }

  private static Optional<String> signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> Optional.of("SHA256withRSA");
      case "EC" -> Optional.of("SHA256withECDSA");
      case "DSA" -> Optional.of("SHA256withDSA");
      case "EdDSA", "Ed25519", "Ed448" -> Optional.of(keyAlgorithm);
      default -> Optional.empty();
    };
  }
}
