package io.github.simplemqtt.broker.passwd;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Mosquitto's two password hash forms, as its broker (2.0) reads them:
 *
 * <ul>
 *   <li>{@code $7$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA512 of the UTF-8 password, the
 *       default of {@code mosquitto_passwd} since 2.0;
 *   <li>{@code $6$<salt>$<hash>}: SHA-512 of the password bytes followed by the salt (1.x).
 * </ul>
 *
 * Salt and hash are standard base64 with padding; the broker drops any entry whose salt is not 12
 * bytes or whose hash is not 64 bytes, so this class refuses those too.
 */
final class PasswordHashes {
  static final int SALT_BYTES = 12;
  static final int HASH_BYTES = 64;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private PasswordHashes() {}

  /** A parsed hash field; {@code iterations} is 0 for the {@code $6$} form. */
  record Hash(int type, int iterations, byte[] salt, byte[] hash) {}

  /** Returns a new {@code $7$} hash field with a fresh random salt. */
  static String pbkdf2(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    return "$7$"
        + iterations
        + "$"
        + ENCODER.encodeToString(salt)
        + "$"
        + ENCODER.encodeToString(hash);
  }

  /**
   * Parses a hash field, or returns null when it is not in a form the broker accepts. The reason is
   * deliberately not given: it would have to describe (and so partly reveal) the field.
   */
  static @Nullable Hash parse(String field) {
    String[] parts = field.split("\\$", -1);
    try {
      if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("7")) {
        if (!parts[2].matches("[0-9]{1,9}")) {
          return null;
        }
        int iterations = Integer.parseInt(parts[2]);
        return iterations < 1 ? null : checked(7, iterations, parts[3], parts[4]);
      }
      if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("6")) {
        return checked(6, 0, parts[2], parts[3]);
      }
    } catch (IllegalArgumentException badBase64) {
      return null;
    }
    return null;
  }

  private static @Nullable Hash checked(int type, int iterations, String salt, String hash) {
    byte[] saltBytes = DECODER.decode(salt);
    byte[] hashBytes = DECODER.decode(hash);
    if (saltBytes.length != SALT_BYTES || hashBytes.length != HASH_BYTES) {
      return null;
    }
    return new Hash(type, iterations, saltBytes, hashBytes);
  }

  /** Whether {@code password} produces {@code stored}; compares in constant time. */
  static boolean matches(Hash stored, char[] password) {
    byte[] computed;
    if (stored.type() == 7) {
      computed = pbkdf2(password, stored.salt(), stored.iterations());
    } else {
      byte[] bytes = utf8(password);
      try {
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(bytes);
        sha512.update(stored.salt());
        computed = sha512.digest();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "This Java runtime has no SHA-512, which Java requires.", e);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    boolean equal = MessageDigest.isEqual(computed, stored.hash());
    Arrays.fill(computed, (byte) 0);
    return equal;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    // The JDK's PBKDF2 turns the chars into UTF-8 bytes, as mosquitto_passwd hashes them.
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "This Java runtime has no PBKDF2WithHmacSHA512, which Java 8 and later include.", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** The UTF-8 bytes of {@code password}; the caller zeroes them. */
  static byte[] utf8(char[] password) {
    try {
      ByteBuffer buffer =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(password));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      if (buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "The password contains a broken UTF-16 surrogate pair; it cannot be stored as UTF-8.");
    }
  }
}
