package io.github.simplemqtt.tls;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One decoded block of PEM text, as {@link Pem#decode(String)} returns it: what kind of thing it
 * holds, and that thing as a JDK object. Immutable.
 *
 * <p>Failures of the conversions are {@link PemException}s without a file; callers that read the
 * text from a file word them with it.
 */
public final class PemBlock {
  /** What a block holds. */
  public enum Kind {
    /** An X.509 certificate ({@code BEGIN CERTIFICATE}). */
    CERTIFICATE("CERTIFICATE"),
    /** OpenSSL's certificate with trust settings ({@code BEGIN TRUSTED CERTIFICATE}). */
    TRUSTED_CERTIFICATE("TRUSTED CERTIFICATE"),
    /**
     * An unencrypted private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA
     * PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}).
     */
    PRIVATE_KEY("PRIVATE KEY"),
    /**
     * An encrypted private key: PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) or legacy encrypted
     * PEM (a traditional key with a {@code Proc-Type: 4,ENCRYPTED} header).
     */
    ENCRYPTED_PRIVATE_KEY("ENCRYPTED PRIVATE KEY"),
    /** A certificate revocation list ({@code BEGIN X509 CRL}). */
    CRL("X509 CRL"),
    /** Anything else: a certificate request, EC parameters, a public key. */
    OTHER("");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /**
     * The label this kind is written with after {@code -----BEGIN} (the PKCS#8 one for keys); empty
     * for {@link #OTHER}, which stands for every other label.
     */
    public String label() {
      return label;
    }
  }

  private final Kind kind;

  /** Bouncy Castle's decoded form; only {@link BcPem} looks inside. */
  private final Object decoded;

  PemBlock(Kind kind, Object decoded) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.decoded = Objects.requireNonNull(decoded, "decoded");
  }

  /** What the block holds. */
  public Kind kind() {
    return kind;
  }

  /** True for {@link Kind#CERTIFICATE} and {@link Kind#TRUSTED_CERTIFICATE}. */
  public boolean isCertificate() {
    return kind == Kind.CERTIFICATE || kind == Kind.TRUSTED_CERTIFICATE;
  }

  /** True for {@link Kind#PRIVATE_KEY} and {@link Kind#ENCRYPTED_PRIVATE_KEY}. */
  public boolean isPrivateKey() {
    return kind == Kind.PRIVATE_KEY || kind == Kind.ENCRYPTED_PRIVATE_KEY;
  }

  /**
   * The certificate (without its trust settings, for a trusted certificate).
   *
   * @throws IllegalStateException when the block is not a certificate
   * @throws PemException ({@link PemException.Problem#DAMAGED}) when the JDK cannot read it
   */
  public X509Certificate certificate() {
    if (!isCertificate()) {
      throw new IllegalStateException("A " + kind + " block holds no certificate.");
    }
    try {
      return BcPem.certificate(decoded);
    } catch (CertificateException e) {
      throw new PemException(
          PemException.Problem.DAMAGED,
          "The certificate does not decode (" + e.getMessage() + ").",
          null,
          e);
    }
  }

  /**
   * The certificate revocation list.
   *
   * @throws IllegalStateException when the block is not a CRL
   * @throws PemException ({@link PemException.Problem#DAMAGED}) when the JDK cannot read it
   */
  public X509CRL crl() {
    if (kind != Kind.CRL) {
      throw new IllegalStateException("A " + kind + " block holds no CRL.");
    }
    try {
      return BcPem.crl(decoded);
    } catch (CRLException e) {
      throw new PemException(
          PemException.Problem.DAMAGED,
          "The certificate revocation list does not decode (" + e.getMessage() + ").",
          null,
          e);
    }
  }

  /**
   * The private key, decrypted with {@code passphrase} when it is encrypted.
   *
   * @param passphrase used only for an encrypted key, as given (an empty one is tried too); may be
   *     null for an unencrypted key; not kept
   * @throws IllegalStateException when the block is not a private key
   * @throws PemException {@link PemException.Problem#ENCRYPTED} when the key is encrypted and the
   *     passphrase null, {@link PemException.Problem#WRONG_PASSPHRASE} when it does not decrypt the
   *     key, {@link PemException.Problem#UNSUPPORTED_KEY} when the (decrypted) key is of a kind the
   *     JDK cannot use
   */
  public PrivateKey privateKey(char @Nullable [] passphrase) {
    if (!isPrivateKey()) {
      throw new IllegalStateException("A " + kind + " block holds no private key.");
    }
    Object plain = decoded;
    if (kind == Kind.ENCRYPTED_PRIVATE_KEY) {
      if (passphrase == null) {
        throw new PemException(
            PemException.Problem.ENCRYPTED,
            "The private key is encrypted",
            "give its passphrase.",
            null,
            null);
      }
      try {
        plain = BcPem.decrypt(decoded, passphrase);
      } catch (Exception e) {
        // The cause's text is about padding or ASN.1, never the passphrase.
        throw new PemException(
            PemException.Problem.WRONG_PASSPHRASE,
            "The passphrase does not decrypt the private key (or the key is damaged).",
            null,
            e);
      }
    }
    try {
      return BcPem.plainKey(plain);
    } catch (IOException | RuntimeException e) {
      throw new PemException(
          PemException.Problem.UNSUPPORTED_KEY,
          "The private key is of a kind that cannot be used here (" + e.getMessage() + ").",
          null,
          e);
    }
  }

  @Override
  public String toString() {
    return "PemBlock[" + kind + "]";
  }
}
