package io.github.simplemqtt.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes PEM files and text.
 *
 * <p>The two file readers take what people hand a client (the kit's files, openssl's, other
 * tools'): text between PEM blocks, comments and openssl's {@code subject=} lines are skipped, and
 * every problem is a {@link PemException} whose message names the file and says what to do. They
 * read certificates and unencrypted PKCS#8 keys with the JDK alone and load Bouncy Castle only for
 * the other formats. {@link #decode(String)} is the strict, lower-level view for callers that set
 * their own rules. The writers produce what OpenSSL reads.
 *
 * <p>Stateless and thread-safe.
 */
public final class Pem {
  /**
   * PBKDF2-HMAC-SHA256 rounds of {@link #encodeEncrypted}: 50 times OpenSSL's default of 2048, so a
   * stolen key is slower to brute-force, while opening one still takes well under a second (about
   * 0.15 s with Bouncy Castle's PBKDF2 on a small machine).
   */
  public static final int PBKDF2_ITERATIONS = 100_000;

  private Pem() {}

  /**
   * Reads every certificate in {@code file}, in file order. Text between PEM blocks (blank lines,
   * comments, openssl's "subject=" lines) is ignored; private keys next to certificates are ignored
   * as well, and a trusted certificate ({@code BEGIN TRUSTED CERTIFICATE}) counts as its
   * certificate.
   *
   * @return at least one certificate
   * @throws PemException when the file is missing, unreadable, not PEM, truncated or damaged, holds
   *     a private key instead, or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file) {
    Objects.requireNonNull(file, "file");
    String text = PemText.read(file, PemText.Want.CERTIFICATE);
    List<X509Certificate> plain = JdkPem.certificates(text);
    if (plain != null) {
      return plain;
    }
    List<X509Certificate> certificates = new ArrayList<>();
    boolean[] sawKey = {false};
    try {
      BcPem.forEach(
          text,
          block -> {
            if (block.isCertificate()) {
              certificates.add(block.certificate());
            } else if (block.isPrivateKey()) {
              sawKey[0] = true;
            }
            return true;
          });
    } catch (IOException | RuntimeException e) {
      throw PemText.damaged(file, PemText.Want.CERTIFICATE, causeOf(e));
    }
    if (certificates.isEmpty()) {
      throw PemText.notFound(file, PemText.Want.CERTIFICATE, sawKey[0], text);
    }
    return List.copyOf(certificates);
  }

  /**
   * Reads the first private key in {@code file}: PKCS#8, PKCS#1 RSA, SEC1 EC (with or without an EC
   * PARAMETERS block before it), encrypted PKCS#8, or legacy encrypted PEM ({@code Proc-Type:
   * 4,ENCRYPTED}). Blocks after the key are not looked at.
   *
   * @param passphrase needed only for an encrypted key; null or empty for none; not kept
   * @throws PemException when the file is missing, unreadable, not PEM, truncated or damaged, holds
   *     a certificate instead or no key, when the key is of a kind the JDK cannot use, or when it
   *     is encrypted and the passphrase is missing ({@link PemException.Problem#ENCRYPTED}) or
   *     wrong
   */
  public static PrivateKey readPrivateKey(Path file, char @Nullable [] passphrase) {
    Objects.requireNonNull(file, "file");
    String text = PemText.read(file, PemText.Want.KEY);
    PrivateKey plain = JdkPem.privateKey(text);
    if (plain != null) {
      return plain;
    }
    PemBlock[] key = {null};
    boolean[] sawCertificate = {false};
    try {
      BcPem.forEach(
          text,
          block -> {
            if (block.isPrivateKey()) {
              key[0] = block;
              return false;
            }
            sawCertificate[0] |= block.isCertificate();
            // Anything else (EC PARAMETERS before an EC key, for one) is skipped.
            return true;
          });
    } catch (IOException | RuntimeException e) {
      throw PemText.damaged(file, PemText.Want.KEY, e);
    }
    if (key[0] == null) {
      throw PemText.notFound(file, PemText.Want.KEY, sawCertificate[0], text);
    }
    return privateKey(file, key[0], passphrase);
  }

  private static PrivateKey privateKey(Path file, PemBlock block, char @Nullable [] passphrase) {
    boolean encrypted = block.kind() == PemBlock.Kind.ENCRYPTED_PRIVATE_KEY;
    if (encrypted && (passphrase == null || passphrase.length == 0)) {
      throw new PemException(
          PemException.Problem.ENCRYPTED,
          file + " is encrypted",
          "give its passphrase.",
          file,
          null);
    }
    try {
      return block.privateKey(passphrase);
    } catch (PemException e) {
      if (encrypted) {
        // A wrong passphrase shows up as a padding error or as garbage that does not parse, or
        // as a "key" of no kind the JDK knows.
        throw new PemException(
            PemException.Problem.WRONG_PASSPHRASE,
            file + " could not be decrypted: the passphrase is wrong (or the file is damaged)",
            "pass the passphrase it was encrypted with.",
            file,
            e.getCause());
      }
      throw new PemException(
          PemException.Problem.UNSUPPORTED_KEY,
          file + " holds a private key of a kind that cannot be used here",
          "use an RSA or EC key (for example `openssl genpkey -algorithm EC -pkeyopt"
              + " ec_paramgen_curve:P-256`).",
          file,
          e.getCause());
    }
  }

  /**
   * Every block of {@code text}, decoded, in order. Text outside blocks is skipped. The blocks'
   * contents are converted only when asked ({@link PemBlock#certificate()} and the like).
   *
   * @return the blocks; empty when the text holds none
   * @throws PemException ({@link PemException.Problem#DAMAGED}, without a file) when a block does
   *     not decode or has no END line; its cause is the parser's exception
   */
  public static List<PemBlock> decode(String text) {
    Objects.requireNonNull(text, "text");
    List<PemBlock> blocks = new ArrayList<>();
    try {
      BcPem.forEach(text, blocks::add);
    } catch (IOException | RuntimeException e) {
      throw new PemException(
          PemException.Problem.DAMAGED,
          "The PEM text does not decode (" + e.getMessage() + ").",
          null,
          e);
    }
    return List.copyOf(blocks);
  }

  /**
   * True when {@code text} holds an encrypted private key: an {@code ENCRYPTED PRIVATE KEY} block
   * or a legacy block with a {@code Proc-Type: 4,ENCRYPTED} header. Looks at the text only; nothing
   * is decoded.
   */
  public static boolean isEncryptedKey(String text) {
    return text.contains("BEGIN ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED");
  }

  /** The certificate as PEM text: one {@code CERTIFICATE} block. */
  public static String encode(X509Certificate certificate) {
    return BcPem.certificate(Objects.requireNonNull(certificate, "certificate"));
  }

  /** The key as unencrypted PKCS#8 PEM text: one {@code PRIVATE KEY} block. */
  public static String encode(PrivateKey key) {
    return BcPem.privateKey(Objects.requireNonNull(key, "key"));
  }

  /**
   * The key as encrypted PKCS#8 PEM text ({@code ENCRYPTED PRIVATE KEY}): AES-256-CBC with a key
   * from {@value #PBKDF2_ITERATIONS} rounds of PBKDF2-HMAC-SHA256. OpenSSL reads it with {@code
   * -passin}.
   *
   * @param passphrase not empty; not kept
   * @throws IllegalArgumentException when the passphrase is empty
   */
  public static String encodeEncrypted(PrivateKey key, char[] passphrase) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException(
          "The passphrase is empty; give one, or none to leave the key open.");
    }
    return BcPem.encryptedPrivateKey(key, passphrase, PBKDF2_ITERATIONS);
  }

  /**
   * One PEM block: {@code -----BEGIN label-----}, the Base64 of {@code der} in lines of 64, {@code
   * -----END label-----}. For what has no writer of its own, such as a CRL ({@code X509 CRL}).
   */
  public static String encode(String label, byte[] der) {
    return BcPem.block(Objects.requireNonNull(label, "label"), der.clone());
  }

  /** What a failure inside a block's conversion was caused by; the failure itself otherwise. */
  private static Exception causeOf(Exception e) {
    return e instanceof PemException && e.getCause() instanceof Exception cause ? cause : e;
  }
}
