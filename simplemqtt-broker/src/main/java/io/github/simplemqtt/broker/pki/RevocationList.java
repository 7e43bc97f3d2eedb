package io.github.simplemqtt.broker.pki;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The signing CA's certificate revocation list: {@code crl.pem}, which mosquitto reads, and its
 * copy in {@code issued/}, which it never does, so that a deleted crl.pem is written again with its
 * revocations instead of forgetting them. Reads either (checked against the signing CA), and signs
 * a new one with the signing CA's key.
 *
 * @param file {@code crl.pem}
 * @param copy the copy in {@code issued/}
 * @param signingCertificate the signing CA, which issues the CRL
 * @param signingCertificateFile where the signing CA's certificate is, for messages
 */
record RevocationList(
    Path file, Path copy, X509Certificate signingCertificate, Path signingCertificateFile) {

  /**
   * The CRL's content: revoked serials with their dates, in order, and its number.
   *
   * @param thisUpdate when it was signed, or null for one never signed ({@link #EMPTY})
   * @param nextUpdate when it expires, or null for one never signed or without a next update
   */
  record Crl(
      List<Map.Entry<BigInteger, Instant>> entries,
      BigInteger number,
      @Nullable Instant thisUpdate,
      @Nullable Instant nextUpdate) {
    Map<BigInteger, Instant> revoked() {
      Map<BigInteger, Instant> map = new LinkedHashMap<>();
      entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      return map;
    }

    boolean isRevoked(BigInteger serial) {
      return entries.stream().anyMatch(entry -> entry.getKey().equals(serial));
    }

    /** A CRL with nothing revoked yet, that was never signed. */
    static final Crl EMPTY = new Crl(List.of(), BigInteger.ZERO, null, null);

    /** These entries and {@code serials} revoked at {@code when} (to the second). */
    Crl plus(List<BigInteger> serials, Instant when) {
      List<Map.Entry<BigInteger, Instant>> more = new ArrayList<>(entries);
      Instant date = when.truncatedTo(ChronoUnit.SECONDS);
      serials.forEach(serial -> more.add(Map.entry(serial, date)));
      return new Crl(List.copyOf(more), number, thisUpdate, nextUpdate);
    }
  }

  /** Writes {@code pem} to crl.pem and to its copy. */
  void write(String pem) {
    writePublic(file, pem);
    writePublic(copy, pem);
  }

  /**
   * The CRL in crl.pem; when that was deleted, the copy in {@code issued/}, or else (a directory
   * from before the copy) an empty one. The next write then recreates crl.pem.
   */
  Crl read() {
    if (Files.exists(file)) {
      return read(file);
    }
    if (Files.exists(copy)) {
      return read(copy);
    }
    return Crl.EMPTY;
  }

  private Crl read(Path file) {
    X509CRLHolder holder = PemFiles.readCrl(file);
    try {
      boolean valid =
          holder
                  .getIssuer()
                  .equals(
                      X500Name.getInstance(
                          signingCertificate.getSubjectX500Principal().getEncoded()))
              && holder.isSignatureValid(
                  new JcaContentVerifierProviderBuilder().build(signingCertificate));
      if (!valid) {
        throw PkiException.about(
            file,
            PkiException.Problem.MISMATCH,
            file + " was not issued by the signing CA in " + signingCertificateFile,
            "restore it from a backup.");
      }
    } catch (OperatorCreationException | CertException e) {
      throw PkiException.about(
          file,
          PkiException.Problem.FILE_DAMAGED,
          file + " cannot be checked: " + e.getMessage(),
          null,
          e);
    }
    List<Map.Entry<BigInteger, Instant>> entries = new ArrayList<>();
    for (Object entry : holder.getRevokedCertificates()) {
      X509CRLEntryHolder revoked = (X509CRLEntryHolder) entry;
      entries.add(Map.entry(revoked.getSerialNumber(), revoked.getRevocationDate().toInstant()));
    }
    Extension numberExtension = holder.getExtension(Extension.cRLNumber);
    BigInteger number =
        numberExtension == null
            ? BigInteger.ZERO
            : CRLNumber.getInstance(numberExtension.getParsedValue()).getCRLNumber();
    Date next = holder.getNextUpdate();
    return new Crl(
        List.copyOf(entries),
        number,
        holder.getThisUpdate().toInstant(),
        next == null ? null : next.toInstant());
  }

  /**
   * A newly signed CRL holding {@code crl}'s entries, numbered one past it, valid from {@code now}
   * for {@code validity} but never past the signing CA's end.
   *
   * @param ca the signing CA with its key
   */
  String sign(Crl crl, HeldCertificate ca, Instant at, Duration validity) {
    Instant now = at.truncatedTo(ChronoUnit.SECONDS);
    Instant caEnd = signingCertificate.getNotAfter().toInstant();
    Instant next = now.plus(validity).isAfter(caEnd) ? caEnd : now.plus(validity);
    if (!next.isAfter(now)) {
      throw new PkiException(
          "The signing CA expired on "
              + caEnd.atOffset(ZoneOffset.UTC).toLocalDate()
              + "; renew the CA before renewing the CRL.");
    }
    X500Name issuer =
        X500Name.getInstance(signingCertificate.getSubjectX500Principal().getEncoded());
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(issuer, Date.from(now.minus(HeldCertificate.CLOCK_SKEW)));
    builder.setNextUpdate(Date.from(next));
    for (Map.Entry<BigInteger, Instant> entry : crl.entries()) {
      // Reason 0 ("unspecified") adds no reason extension, as RFC 5280 asks.
      builder.addCRLEntry(entry.getKey(), Date.from(entry.getValue()), 0);
    }
    try {
      builder.addExtension(
          Extension.cRLNumber, false, new CRLNumber(crl.number().add(BigInteger.ONE)));
      byte[] ski = signingCertificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier(
              SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets())
                  .getKeyIdentifier()));
      var signer =
          new JcaContentSignerBuilder(
                  ca.keyType() == KeyType.EC ? "SHA256withECDSA" : "SHA256withRSA")
              .build(ca.keyPair().getPrivate());
      return PemFiles.crlPem(builder.build(signer));
    } catch (CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("Could not sign the CRL: " + e.getMessage(), e);
    }
  }

  private static void writePublic(Path file, String text) {
    try {
      AtomicFiles.writePublic(file, text);
    } catch (UncheckedIOException e) {
      throw new PkiException(
          Objects.requireNonNullElse(e.getMessage(), "Could not write " + file), e);
    }
  }
}
