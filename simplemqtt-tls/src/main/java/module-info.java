/**
 * PEM files and X.509 certificates for simplemqtt: reading certificates and private keys (PKCS#8,
 * PKCS#1, SEC1, encrypted PKCS#8 and legacy encrypted PEM) with failures worded for people, writing
 * them, and the facts about a certificate that messages and checks need. Shared by the client, the
 * broker kit and the command line.
 *
 * <p>No Bouncy Castle type appears in an exported signature, so Bouncy Castle is not required
 * transitively. Certificates and unencrypted PKCS#8 keys are read with the JDK alone; Bouncy Castle
 * is loaded only for the other formats and for writing.
 *
 * <p>The exported package is {@code NullMarked} (JSpecify): nothing in its API is null unless
 * marked {@code Nullable}. The annotations are needed at compile time only ({@code requires static
 * transitive}).
 */
module io.github.simplemqtt.tls {
  exports io.github.simplemqtt.tls;

  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires static transitive org.jspecify;
}
