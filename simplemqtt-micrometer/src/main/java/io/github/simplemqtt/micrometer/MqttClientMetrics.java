package io.github.simplemqtt.micrometer;

import io.github.simplemqtt.client.ClientMetrics;
import io.github.simplemqtt.client.MqttClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds an {@link MqttClient}'s {@link ClientMetrics} to a Micrometer registry, tagged with the
 * client id:
 *
 * <pre>{@code
 * new MqttClientMetrics(client).bindTo(registry);
 * }</pre>
 *
 * <p>Counters {@code mqtt.client.published}, {@code .acknowledged}, {@code .failed}, {@code
 * .delivered}, {@code .reconnects} and {@code mqtt.client.dropped} (tag {@code reason}: {@code
 * slow_handler} or {@code closed}); gauges {@code mqtt.client.in.flight} and {@code
 * mqtt.client.connected} (1 or 0). Each reading takes a fresh snapshot from the client, so nothing
 * is counted twice and the client keeps no Micrometer state. In Spring Boot, declare it as a bean
 * of type {@link MeterBinder}.
 */
public final class MqttClientMetrics implements MeterBinder {
  private final MqttClient client;
  private final Tags tags;

  /** Meters tagged {@code client.id} = the client's id. */
  public MqttClientMetrics(MqttClient client) {
    this(client, List.of());
  }

  /** Meters tagged {@code client.id} and {@code extraTags}. */
  public MqttClientMetrics(MqttClient client, Iterable<Tag> extraTags) {
    this.client = Objects.requireNonNull(client, "client");
    this.tags = Tags.of("client.id", client.clientId()).and(extraTags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "mqtt.client.published", "Publish calls accepted", m -> m.published(), tags);
    counter(
        registry,
        "mqtt.client.acknowledged",
        "Publishes the broker acknowledged",
        m -> m.acknowledged(),
        tags);
    counter(registry, "mqtt.client.failed", "Publishes that failed", m -> m.failed(), tags);
    counter(
        registry,
        "mqtt.client.delivered",
        "Received messages handed to a handler",
        m -> m.delivered(),
        tags);
    counter(
        registry,
        "mqtt.client.dropped",
        "Received messages dropped",
        m -> m.droppedSlowHandler(),
        tags.and("reason", "slow_handler"));
    counter(
        registry,
        "mqtt.client.dropped",
        "Received messages dropped",
        m -> m.droppedAtClose(),
        tags.and("reason", "closed"));
    counter(
        registry,
        "mqtt.client.reconnects",
        "Connections re-established after a loss",
        m -> m.reconnects(),
        tags);
    Gauge.builder("mqtt.client.in.flight", client, c -> c.metrics().inFlight())
        .description("Publishes neither acknowledged nor failed yet")
        .tags(tags)
        .register(registry);
    Gauge.builder(
            "mqtt.client.connected",
            client,
            c -> c.metrics().state() == ClientMetrics.State.CONNECTED ? 1 : 0)
        .description("1 while connected to the broker, else 0")
        .tags(tags)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<ClientMetrics> count,
      Tags meterTags) {
    FunctionCounter.builder(name, client, c -> count.applyAsDouble(c.metrics()))
        .description(description)
        .tags(meterTags)
        .register(registry);
  }
}
