package io.github.simplemqtt.benchmarks;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * HiveMQ's client used directly, MQTT 5, the way its documentation shows: the async API for
 * pipelining, {@code toBlocking()} for the blocking pattern. The same TLS files as ours.
 */
final class HiveMqClient implements BenchClient {
  private @Nullable Mqtt5AsyncClient client;
  private @Nullable Mqtt5BlockingClient blocking;
  private final InFlight inFlight = new InFlight();
  private boolean keepSession;

  @Override
  public void prepare(Endpoint endpoint, String clientId) {
    prepare(endpoint, clientId, false);
  }

  @Override
  public void prepareToOutlastRestarts(Endpoint endpoint, String clientId) {
    prepare(endpoint, clientId, true);
  }

  @Override
  public boolean isConnected() {
    return async().getState().isConnected();
  }

  private void prepare(Endpoint endpoint, String clientId, boolean outlastRestarts) {
    keepSession = outlastRestarts;
    var base = MqttClient.builder().identifier(clientId);
    if (outlastRestarts) {
      base = base.automaticReconnectWithDefaultConfig();
    }
    var transport = base.transportConfig().serverHost(endpoint.host()).serverPort(endpoint.port());
    if (endpoint.tls()) {
      transport = transport.sslConfig(ssl(endpoint));
    }
    Mqtt5ClientBuilder builder = transport.applyTransportConfig().useMqttVersion5();
    Mqtt5AsyncClient async = builder.buildAsync();
    client = async;
    blocking = async.toBlocking();
  }

  @Override
  public void connect() {
    if (keepSession) {
      async().connectWith().cleanStart(false).sessionExpiryInterval(3600).send().join();
    } else {
      async().connectWith().cleanStart(true).send().join();
    }
  }

  static MqttClientSslConfig ssl(Endpoint endpoint) {
    TlsSetup tls = tls(endpoint);
    return MqttClientSslConfig.builder()
        .trustManagerFactory(tls.trustManagerFactory())
        .keyManagerFactory(tls.keyManagerFactory().orElseThrow())
        .build();
  }

  static TlsSetup tls(Endpoint endpoint) {
    return TlsSetup.load(
        endpoint.tlsFiles().chainFile(),
        endpoint.tlsFiles().certFile(),
        endpoint.tlsFiles().keyFile(),
        null,
        false,
        Clock.systemUTC());
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) {
    blocking().publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).send();
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos) {
    inFlight.begin();
    async()
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(MqttQos.fromCode(qos))
        .send()
        .whenComplete(
            (result, error) ->
                inFlight.end(
                    error != null ? error : result.getError().<Throwable>map(e -> e).orElse(null)));
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos, String... userProperties) {
    Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
    for (int i = 0; i < userProperties.length; i += 2) {
      properties.add(userProperties[i], userProperties[i + 1]);
    }
    inFlight.begin();
    async()
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(MqttQos.fromCode(qos))
        .userProperties(properties.build())
        .send()
        .whenComplete(
            (result, error) ->
                inFlight.end(
                    error != null ? error : result.getError().<Throwable>map(e -> e).orElse(null)));
  }

  @Override
  public void flush() throws Exception {
    inFlight.awaitNone();
  }

  @Override
  public void subscribe(String filter, int qos, Consumer<byte[]> consumer) {
    async()
        .publishes(
            MqttGlobalPublishFilter.ALL, publish -> consumer.accept(publish.getPayloadAsBytes()));
    async().subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send().join();
  }

  @Override
  public void close() {
    if (client != null) {
      client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }

  private Mqtt5AsyncClient async() {
    Mqtt5AsyncClient prepared = client;
    if (prepared == null) {
      throw new IllegalStateException("Call prepare() first.");
    }
    return prepared;
  }

  private Mqtt5BlockingClient blocking() {
    Mqtt5BlockingClient prepared = blocking;
    if (prepared == null) {
      throw new IllegalStateException("Call prepare() first.");
    }
    return prepared;
  }
}
