package io.github.simplemqtt.broker.pki;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files a client needs to connect with mutual TLS, as written by {@link Pki#issueClient}.
 *
 * @param directory the folder holding the three files
 * @param chainFile {@code chain.crt}: the certificate authorities the client trusts (signing CA,
 *     then root CA)
 * @param certificateFile {@code client.crt}: the client certificate followed by the signing CA, so
 *     the client presents the whole chain
 * @param keyFile {@code client.key}: the client's private key, unencrypted PKCS#8, mode 0600
 * @param certificate the issued client certificate
 */
public record ClientBundle(
    Path directory,
    Path chainFile,
    Path certificateFile,
    Path keyFile,
    CertificateInfo certificate) {
  /** Checks that no component is null. */
  public ClientBundle {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(chainFile, "chainFile");
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(certificate, "certificate");
  }
}
