/**
 * The simplemqtt MQTT client: {@link io.github.simplemqtt.client.MqttClient} and its TLS settings.
 *
 * <p>Only {@code io.github.simplemqtt.client} and {@code io.github.simplemqtt.client.tls} are API;
 * {@code io.github.simplemqtt.client.internal} is not exported. No HiveMQ, RxJava, Bouncy Castle or
 * {@code io.github.simplemqtt.tls} type appears in an exported signature, so none of them is
 * required transitively. PEM files are read by {@code io.github.simplemqtt.tls}, which brings
 * Bouncy Castle.
 *
 * <p>Every package is {@code NullMarked} (JSpecify): nothing in the API is null unless marked
 * {@code Nullable}. The annotations are needed at compile time only ({@code requires static
 * transitive}).
 */
// HiveMQ's client and RxJava are automatic modules (stable Automatic-Module-Name entries).
@SuppressWarnings("requires-automatic")
module io.github.simplemqtt.client {
  exports io.github.simplemqtt.client;
  exports io.github.simplemqtt.client.tls;

  requires com.hivemq.client.mqtt;
  requires io.reactivex.rxjava2;
  requires io.github.simplemqtt.tls;
  requires org.slf4j;
  requires static transitive org.jspecify;
  // Not used here: Netty, under HiveMQ's client, reads sun.misc.Unsafe from it. An automatic
  // module reads every module but resolves no system module, so on the module path nothing else
  // brings it in and Netty would fall back to slower buffers.
  requires jdk.unsupported;
}
