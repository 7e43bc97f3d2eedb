package io.github.simplemqtt.broker.pki;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the kit knows about one certificate of its PKI, as {@link Pki#list()} reports it. Made only
 * by the kit, so that it can grow without breaking callers (it was an 8-component record).
 */
public final class CertificateInfo {
  /** What a certificate is for. */
  public enum Role {
    /** The self-signed root certificate authority that clients and the broker trust. */
    ROOT_CA,
    /** The intermediate certificate authority that signs servers, clients and the CRL. */
    SIGNING_CA,
    /** A broker certificate (extended key usage serverAuth). */
    SERVER,
    /** A client certificate (extended key usage clientAuth); its CN is the user name. */
    CLIENT
  }

  /** Whether a certificate can be used now. */
  public enum State {
    /** Valid for more than {@link Pki#EXPIRING_WITHIN} from now. */
    VALID,
    /** Valid, but it ends within {@link Pki#EXPIRING_WITHIN}: time to issue a new one. */
    EXPIRING,
    /** Its validity has ended. */
    EXPIRED,
    /** Listed in the signing CA's certificate revocation list. */
    REVOKED,
    /** Its validity has not started yet (it was issued with a clock ahead of this one). */
    NOT_YET_VALID;

    /** True for {@link #VALID} and {@link #EXPIRING}: the certificate can be used now. */
    public boolean usable() {
      return this == VALID || this == EXPIRING;
    }
  }

  private final Role role;
  private final String commonName;
  private final String serialHex;
  private final Instant notBefore;
  private final Instant notAfter;
  private final State state;
  private final List<String> subjectAltNames;
  private final Path file;

  CertificateInfo(
      Role role,
      String commonName,
      String serialHex,
      Instant notBefore,
      Instant notAfter,
      State state,
      List<String> subjectAltNames,
      Path file) {
    this.role = Objects.requireNonNull(role, "role");
    this.commonName = Objects.requireNonNull(commonName, "commonName");
    this.serialHex = Objects.requireNonNull(serialHex, "serialHex");
    this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
    this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
    this.state = Objects.requireNonNull(state, "state");
    this.subjectAltNames = List.copyOf(subjectAltNames);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** What the certificate is for. */
  public Role role() {
    return role;
  }

  /** The subject's CN: the user name for a client, the first host for a server. */
  public String commonName() {
    return commonName;
  }

  /** The serial number in upper-case hex, as {@code openssl x509 -serial} prints it. */
  public String serialHex() {
    return serialHex;
  }

  /** The start of validity. */
  public Instant notBefore() {
    return notBefore;
  }

  /** The end of validity (the last valid second). */
  public Instant notAfter() {
    return notAfter;
  }

  /** The state at the moment the information was gathered, by the PKI's clock. */
  public State state() {
    return state;
  }

  /**
   * The subjectAltName entries as {@code DNS:name} or {@code IP:address}; empty for certificate
   * authorities and clients.
   */
  public List<String> subjectAltNames() {
    return subjectAltNames;
  }

  /** The file holding the certificate. */
  public Path file() {
    return file;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CertificateInfo that
        && role == that.role
        && commonName.equals(that.commonName)
        && serialHex.equals(that.serialHex)
        && notBefore.equals(that.notBefore)
        && notAfter.equals(that.notAfter)
        && state == that.state
        && subjectAltNames.equals(that.subjectAltNames)
        && file.equals(that.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        role, commonName, serialHex, notBefore, notAfter, state, subjectAltNames, file);
  }

  @Override
  public String toString() {
    return "CertificateInfo["
        + role
        + " "
        + commonName
        + ", serial "
        + serialHex
        + ", "
        + state
        + " until "
        + notAfter
        + ", "
        + file
        + "]";
  }
}
