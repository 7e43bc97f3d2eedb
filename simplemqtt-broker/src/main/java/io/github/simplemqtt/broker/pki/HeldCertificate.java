package io.github.simplemqtt.broker.pki;

import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.Keys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A certificate together with its key pair: a certificate authority that can sign others, or a
 * server or client leaf. Built with {@link #builder()}; immutable and safe to share between
 * threads.
 *
 * <pre>{@code
 * HeldCertificate root = HeldCertificate.builder()
 *     .commonName("Example Root CA").certificateAuthority(1).validityDays(7300).build();
 * HeldCertificate server = HeldCertificate.builder()
 *     .commonName("broker").serverAuth().addSubjectAltName("192.168.1.10")
 *     .signedBy(root).validityDays(825).build();
 * }</pre>
 *
 * <p>Every certificate is X.509 v3 with critical basic constraints and key usage, a subject key
 * identifier, an authority key identifier and a random 127-bit serial number.
 */
public final class HeldCertificate {
  /** How far the start of validity is set back, so a client whose clock lags still accepts it. */
  public static final Duration CLOCK_SKEW = Duration.ofHours(1);

  /** The default validity of {@link Builder#validityDays(int)}. */
  public static final int DEFAULT_VALIDITY_DAYS = 825;

  static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final KeyPair keyPair;

  private HeldCertificate(X509Certificate certificate, KeyPair keyPair) {
    this.certificate = certificate;
    this.keyPair = keyPair;
  }

  /**
   * Holds an existing certificate and its private key, for example ones read from files.
   *
   * @throws PkiException when the private key does not belong to the certificate
   */
  public static HeldCertificate of(X509Certificate certificate, PrivateKey privateKey) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    KeyPair pair = new KeyPair(certificate.getPublicKey(), privateKey);
    if (!matches(pair)) {
      throw new PkiException(
          "The private key does not belong to the certificate of '"
              + commonNameOf(certificate)
              + "'; use the key the certificate was made for.");
    }
    return new HeldCertificate(certificate, pair);
  }

  /** A new builder for a certificate valid for {@value #DEFAULT_VALIDITY_DAYS} days from now. */
  public static Builder builder() {
    return new Builder();
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The key pair; its public key is the certificate's. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The kind of key the certificate holds. */
  public KeyType keyType() {
    return keyTypeOf(keyPair.getPublic());
  }

  /** The certificate as PEM text: one {@code CERTIFICATE} block. */
  public String certificatePem() {
    return PemFiles.certificatePem(certificate);
  }

  /** The private key as unencrypted PKCS#8 PEM text ({@code BEGIN PRIVATE KEY}). */
  public String privateKeyPem() {
    return PemFiles.privateKeyPem(keyPair.getPrivate(), null);
  }

  /**
   * The private key as encrypted PKCS#8 PEM text ({@code BEGIN ENCRYPTED PRIVATE KEY}), using
   * AES-256-CBC with a key from PBKDF2-HMAC-SHA256; OpenSSL reads it with {@code -passin}.
   *
   * @param passphrase not empty; not kept
   */
  public String privateKeyPem(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    return PemFiles.privateKeyPem(keyPair.getPrivate(), passphrase);
  }

  @Override
  public String toString() {
    return "HeldCertificate[" + certificate.getSubjectX500Principal() + "]";
  }

  static KeyType keyTypeOf(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> KeyType.EC;
      case "RSA" -> KeyType.RSA;
      default ->
          throw new PkiException(
              "Keys of type " + key.getAlgorithm() + " are not supported; use EC or RSA.");
    };
  }

  static KeyPair generateKeyPair(KeyType type, boolean certificateAuthority) {
    try {
      if (type == KeyType.EC) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(certificateAuthority ? 4096 : 2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime cannot make " + type + " keys", e);
    }
  }

  private static String signatureAlgorithm(PublicKey issuerKey) {
    return keyTypeOf(issuerKey) == KeyType.EC ? "SHA256withECDSA" : "SHA256withRSA";
  }

  /** The key pair is one, and of a type the kit signs with (EC or RSA). */
  private static boolean matches(KeyPair pair) {
    try {
      keyTypeOf(pair.getPublic());
    } catch (PkiException e) {
      return false;
    }
    return Keys.belongTogether(pair.getPrivate(), pair.getPublic());
  }

  /**
   * The subject's CN as it is (the user name of a client), or the whole subject, first RDN first,
   * when it has none; how the kit names a certificate in lists and messages.
   */
  static String commonNameOf(X509Certificate certificate) {
    return Certificates.commonName(certificate).orElseGet(() -> Certificates.subject(certificate));
  }

  /**
   * Collects what a certificate says, then makes the key pair and signs it. Setters check their
   * argument at once; {@link #build()} checks the whole. Not thread-safe.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable String commonName;
    private @Nullable String organization;
    private @Nullable Instant notBefore;
    private @Nullable Instant notAfter;
    private int validityDays = DEFAULT_VALIDITY_DAYS;
    private KeyType keyType = KeyType.EC;
    private @Nullable KeyPair keyPair;
    private int maxPathLength = -1;
    private final Set<KeyPurposeId> extendedKeyUsages = new LinkedHashSet<>();
    private final Set<GeneralName> subjectAltNames = new LinkedHashSet<>();
    private @Nullable HeldCertificate issuer;
    private @Nullable BigInteger serialNumber;

    private Builder() {}

    /** The clock that "now" comes from (default: the system clock, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The subject's common name (CN), 1 to 64 characters. Required. */
    public Builder commonName(String commonName) {
      this.commonName = checkName("common name", commonName);
      return this;
    }

    /** The subject's organization (O), 1 to 64 characters; none by default. */
    public Builder organization(String organization) {
      this.organization = checkName("organization", organization);
      return this;
    }

    /**
     * Valid from {@link #CLOCK_SKEW} before now until {@code days} days from now (default {@value
     * #DEFAULT_VALIDITY_DAYS}). Replaces {@link #validity(Instant, Instant)}.
     */
    public Builder validityDays(int days) {
      if (days <= 0) {
        throw new PkiException("A validity of " + days + " days is refused; give 1 day or more.");
      }
      this.validityDays = days;
      this.notBefore = null;
      this.notAfter = null;
      return this;
    }

    /**
     * Valid exactly from {@code notBefore} to {@code notAfter} (rounded down to whole seconds).
     * Replaces {@link #validityDays(int)}.
     */
    public Builder validity(Instant notBefore, Instant notAfter) {
      Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
      Instant to = notAfter.truncatedTo(ChronoUnit.SECONDS);
      if (!from.isBefore(to)) {
        throw new PkiException(
            "The validity must end after it starts; got " + notBefore + " to " + notAfter + ".");
      }
      this.notBefore = from;
      this.notAfter = to;
      return this;
    }

    /**
     * The kind of key to make (default {@link KeyType#EC}); ignored when {@link #keyPair} is set.
     */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /** Certify this existing key pair instead of making a new one. */
    public Builder keyPair(KeyPair keyPair) {
      keyTypeOf(keyPair.getPublic());
      this.keyPair = keyPair;
      return this;
    }

    /**
     * Makes a certificate authority (basic constraints CA:TRUE, key usage keyCertSign and cRLSign)
     * below which at most {@code maxPathLength} further CAs may stand: 1 for a root that signs one
     * intermediate, 0 for an intermediate that signs only leaves.
     */
    public Builder certificateAuthority(int maxPathLength) {
      if (maxPathLength < 0) {
        throw new PkiException(
            "A path length of " + maxPathLength + " is refused; give 0 or more.");
      }
      this.maxPathLength = maxPathLength;
      return this;
    }

    /** Adds extended key usage serverAuth (TLS Web Server Authentication). */
    public Builder serverAuth() {
      extendedKeyUsages.add(KeyPurposeId.id_kp_serverAuth);
      return this;
    }

    /** Adds extended key usage clientAuth (TLS Web Client Authentication). */
    public Builder clientAuth() {
      extendedKeyUsages.add(KeyPurposeId.id_kp_clientAuth);
      return this;
    }

    /**
     * Adds a subjectAltName entry: an IP entry for an IPv4 or IPv6 literal, a DNS entry for a host
     * name. No name is looked up.
     *
     * @throws PkiException when {@code host} is neither an IP literal nor a valid host name
     */
    public Builder addSubjectAltName(String host) {
      subjectAltNames.add(Hosts.parse(host));
      return this;
    }

    /**
     * Has {@code issuer} sign the certificate (default: self-signed). The certificate may not
     * outlive its issuer.
     */
    public Builder signedBy(HeldCertificate issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    Builder serialNumber(BigInteger serialNumber) {
      this.serialNumber = serialNumber;
      return this;
    }

    Builder addSubjectAltName(GeneralName name) {
      subjectAltNames.add(name);
      return this;
    }

    /**
     * Makes the key pair (unless given) and the signed certificate.
     *
     * @throws PkiException when the certificate would outlive its issuer, the issuer is not a
     *     certificate authority or may not sign further CAs, or no common name was given
     */
    public HeldCertificate build() {
      if (commonName == null) {
        throw new PkiException("A certificate needs a common name; set one with commonName().");
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Instant from = notBefore != null ? notBefore : now.minus(CLOCK_SKEW);
      Instant to = notAfter != null ? notAfter : now.plus(Duration.ofDays(validityDays));
      if (issuer != null) {
        checkIssuer(issuer, to);
      }
      KeyPair subjectKeys =
          keyPair != null ? keyPair : generateKeyPair(keyType, maxPathLength >= 0);
      KeyPair signingKeys = issuer != null ? issuer.keyPair : subjectKeys;
      X500Name subject = name();
      X500Name issuerName =
          issuer != null
              ? X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded())
              : subject;
      BigInteger serial = serialNumber != null ? serialNumber : randomSerial();
      try {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        SubjectKeyIdentifier subjectKeyId =
            utils.createSubjectKeyIdentifier(subjectKeys.getPublic());
        byte[] authorityKeyId =
            issuer != null
                ? keyIdentifier(issuer.certificate, utils)
                : subjectKeyId.getKeyIdentifier();
        JcaX509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                issuerName,
                serial,
                Date.from(from),
                Date.from(to),
                subject,
                subjectKeys.getPublic());
        boolean ca = maxPathLength >= 0;
        builder.addExtension(
            Extension.basicConstraints,
            true,
            ca ? new BasicConstraints(maxPathLength) : new BasicConstraints(false));
        int usage =
            ca
                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : keyTypeOf(subjectKeys.getPublic()) == KeyType.RSA
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature;
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        if (!extendedKeyUsages.isEmpty()) {
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(extendedKeyUsages.toArray(new KeyPurposeId[0])));
        }
        if (!subjectAltNames.isEmpty()) {
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(subjectAltNames.toArray(new GeneralName[0])));
        }
        builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId);
        builder.addExtension(
            Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        ContentSigner signer =
            new JcaContentSignerBuilder(signatureAlgorithm(signingKeys.getPublic()))
                .build(signingKeys.getPrivate());
        X509CertificateHolder holder = builder.build(signer);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        return new HeldCertificate(certificate, subjectKeys);
      } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
        throw new IllegalStateException("Could not make the certificate: " + e.getMessage(), e);
      }
    }

    private void checkIssuer(HeldCertificate issuer, Instant to) {
      X509Certificate issuerCertificate = issuer.certificate;
      String issuerName = commonNameOf(issuerCertificate);
      int issuerPathLength = issuerCertificate.getBasicConstraints();
      if (issuerPathLength < 0) {
        throw new PkiException(
            "'" + issuerName + "' is not a certificate authority and cannot sign certificates.");
      }
      if (maxPathLength >= 0 && issuerPathLength == 0) {
        throw new PkiException(
            "'"
                + issuerName
                + "' may sign only end-entity certificates (path length 0), not another CA.");
      }
      Instant issuerEnd = issuerCertificate.getNotAfter().toInstant();
      if (to.isAfter(issuerEnd)) {
        throw new PkiException(
            "A certificate valid until "
                + to.atOffset(ZoneOffset.UTC).toLocalDate()
                + " would outlive its issuer '"
                + issuerName
                + "', which expires on "
                + issuerEnd.atOffset(ZoneOffset.UTC).toLocalDate()
                + "; choose a shorter validity, or renew the issuer.");
      }
    }

    private X500Name name() {
      X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
      if (organization != null) {
        name.addRDN(BCStyle.O, organization);
      }
      name.addRDN(BCStyle.CN, commonName);
      return name.build();
    }

    private static byte[] keyIdentifier(X509Certificate certificate, JcaX509ExtensionUtils utils) {
      byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      if (extension != null) {
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
            .getKeyIdentifier();
      }
      return utils.createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
    }

    private static String checkName(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()
          || value.length() > 64
          || value.chars().anyMatch(Character::isISOControl)) {
        throw new PkiException(
            "The "
                + what
                + " '"
                + value.strip()
                + "' is refused; give 1 to 64 printable characters.");
      }
      return value;
    }
  }

  /** 127 random bits with the top one set: always positive, always 16 bytes in DER. */
  static BigInteger randomSerial() {
    return new BigInteger(127, RANDOM).setBit(126);
  }
}
