/**
 * Micrometer meters for a simplemqtt {@code MqttClient}: {@link
 * io.github.simplemqtt.micrometer.MqttClientMetrics}.
 *
 * <p>Its package is {@code NullMarked} (JSpecify): nothing in its API is null unless marked {@code
 * Nullable}. The annotations are needed at compile time only ({@code requires static transitive}).
 */
// Micrometer's jars are automatic modules on JDK 17 builds of this project.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.simplemqtt.micrometer {
  exports io.github.simplemqtt.micrometer;

  requires transitive io.github.simplemqtt.client;
  requires transitive micrometer.core;
  requires static transitive org.jspecify;
}
