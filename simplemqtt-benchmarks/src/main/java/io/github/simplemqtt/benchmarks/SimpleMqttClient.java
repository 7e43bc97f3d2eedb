package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Our {@link MqttClient} as its users would use it: defaults, MQTT 5. */
final class SimpleMqttClient implements BenchClient {
  private final boolean handlersOnNetworkThread;
  private @Nullable MqttClient client;

  SimpleMqttClient() {
    this(false);
  }

  /**
   * With {@code handlersOnNetworkThread}, handlers run on HiveMQ's network thread ({@code
   * handlerExecutor(Runnable::run)}), which shows what the hop to the client's own handler threads
   * costs.
   */
  SimpleMqttClient(boolean handlersOnNetworkThread) {
    this.handlersOnNetworkThread = handlersOnNetworkThread;
  }

  private final InFlight inFlight = new InFlight();

  @Override
  public void prepare(Endpoint endpoint, String clientId) {
    prepare(endpoint, clientId, true);
  }

  /** Our defaults reconnect by themselves; a kept session is clean start off. */
  private void prepare(Endpoint endpoint, String clientId, boolean cleanStart) {
    MqttClient.Builder builder =
        MqttClient.builder()
            .broker(endpoint.host(), endpoint.port())
            .clientId(clientId)
            .cleanStart(cleanStart);
    if (endpoint.tls()) {
      builder.tls(
          endpoint.tlsFiles().chainFile(),
          endpoint.tlsFiles().certFile(),
          endpoint.tlsFiles().keyFile());
    }
    if (handlersOnNetworkThread) {
      builder.handlerExecutor(Runnable::run);
    }
    client = builder.build();
  }

  @Override
  public void prepareToOutlastRestarts(Endpoint endpoint, String clientId) {
    prepare(endpoint, clientId, false);
  }

  @Override
  public boolean isConnected() {
    return client().isConnected();
  }

  @Override
  public void connect() {
    client().connect();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) {
    client().publish(topic, payload, qos, false);
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos) {
    inFlight.begin();
    client()
        .publishAsync(topic, payload, qos, false)
        .whenComplete((ok, error) -> inFlight.end(error));
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos, String... userProperties) {
    Message.Builder message = Message.builder(topic).payload(payload).qos(qos);
    for (int i = 0; i < userProperties.length; i += 2) {
      message.userProperty(userProperties[i], userProperties[i + 1]);
    }
    inFlight.begin();
    client().publishAsync(message.build()).whenComplete((ok, error) -> inFlight.end(error));
  }

  @Override
  public void flush() throws Exception {
    inFlight.awaitNone();
  }

  @Override
  public void subscribe(String filter, int qos, Consumer<byte[]> consumer) {
    client().subscribe(filter, qos, message -> consumer.accept(message.payload()));
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  private MqttClient client() {
    MqttClient prepared = client;
    if (prepared == null) {
      throw new IllegalStateException("Call prepare() first.");
    }
    return prepared;
  }
}
