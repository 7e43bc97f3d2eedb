/**
 * The simplemqtt broker kit: a Mosquitto broker directory with its PKI, password file, access
 * control list, configuration and process.
 *
 * <p>{@code io.github.simplemqtt.broker.internal} is not exported. No Bouncy Castle or {@code
 * io.github.simplemqtt.tls} type appears in an exported signature. PEM files are read and written
 * by {@code io.github.simplemqtt.tls}.
 *
 * <p>Every package is {@code NullMarked} (JSpecify): nothing in the API is null unless marked
 * {@code Nullable}. The annotations are needed at compile time only ({@code requires static
 * transitive}).
 */
module io.github.simplemqtt.broker {
  exports io.github.simplemqtt.broker;
  exports io.github.simplemqtt.broker.acl;
  exports io.github.simplemqtt.broker.bridge;
  exports io.github.simplemqtt.broker.config;
  exports io.github.simplemqtt.broker.passwd;
  exports io.github.simplemqtt.broker.pki;
  exports io.github.simplemqtt.broker.process;

  requires io.github.simplemqtt.tls;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.slf4j;
  requires static transitive org.jspecify;
}
