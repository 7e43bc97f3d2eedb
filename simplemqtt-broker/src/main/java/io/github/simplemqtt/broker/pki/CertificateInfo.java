package io.github.simplemqtt.broker.pki;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the kit knows about one certificate of its PKI, as {@link Pki#list()} reports it.
 *
 * @param role what the certificate is for
 * @param commonName the subject's CN: the user name for a client, the first host for a server
 * @param serialHex the serial number in upper-case hex, as {@code openssl x509 -serial} prints it
 * @param notBefore the start of validity
 * @param notAfter the end of validity (the last valid second)
 * @param state the state at the moment the information was gathered, by the PKI's clock
 * @param subjectAltNames the subjectAltName entries as {@code DNS:name} or {@code IP:address};
 *     empty for certificate authorities and clients
 * @param file the file holding the certificate
 */
public record CertificateInfo(
    Role role,
    String commonName,
    String serialHex,
    Instant notBefore,
    Instant notAfter,
    State state,
    List<String> subjectAltNames,
    Path file) {

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

  /** Checks the components and copies the list. */
  public CertificateInfo {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(serialHex, "serialHex");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(file, "file");
    subjectAltNames = List.copyOf(subjectAltNames);
  }
}
