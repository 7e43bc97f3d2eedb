package io.github.simplemqtt.broker.pki;

/** The kind of key pair a certificate is made with; one PKI uses one kind throughout. */
public enum KeyType {
  /**
   * ECDSA on the NIST P-256 curve, signed with SHA256withECDSA. The default: small keys, quick to
   * make, and the fastest TLS handshakes for OpenSSL-based clients.
   */
  EC,
  /**
   * RSA, signed with SHA256withRSA: 4096-bit keys for certificate authorities and 2048-bit keys for
   * servers and clients, as the original scripts made. For clients that cannot do ECDSA.
   */
  RSA;

  /** The key of a certificate authority in words, for example "RSA 4096". */
  public String caKeyDescription() {
    return this == EC ? "EC P-256" : "RSA 4096";
  }

  /** The key of a server or client certificate in words, for example "RSA 2048". */
  public String leafKeyDescription() {
    return this == EC ? "EC P-256" : "RSA 2048";
  }
}
