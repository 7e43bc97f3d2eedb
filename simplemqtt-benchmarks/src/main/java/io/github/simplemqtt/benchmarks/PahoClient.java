package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.broker.config.MosquittoConfig;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;

/**
 * Eclipse Paho Java 1.2.5 (MQTT 3.1.1), {@code MqttAsyncClient} with in-memory persistence (its
 * default writes files) and a window of messages in flight set by the workload (its default of 10
 * would throttle it); the blocking pattern waits on each delivery token, as {@code
 * MqttClient.publish} does.
 */
final class PahoClient implements BenchClient {
  /** Paho's window at QoS 0 and 1: wide, so Paho is not throttled by its default of 10. */
  static final int WIDE_INFLIGHT = 1000;

  /**
   * Paho's window at QoS 2: the kit's {@code max_inflight_messages}. Mosquitto 2.0.11 completes the
   * QoS 2 handshake for an MQTT 3.1.1 client's messages beyond that limit and then drops them (with
   * 100 in flight, 1835 of 3000 arrived), and a 3.1.1 client cannot learn the limit.
   */
  static final int QOS2_INFLIGHT = MosquittoConfig.DEFAULT_MAX_INFLIGHT_MESSAGES;

  private final int maxInflight;

  private @Nullable MqttAsyncClient client;
  private @Nullable MqttConnectOptions options;
  private final Semaphore room;
  private final InFlight inFlight = new InFlight();
  private volatile Consumer<byte[]> consumer = payload -> {};

  PahoClient(int maxInflight) {
    this.maxInflight = maxInflight;
    this.room = new Semaphore(maxInflight);
  }

  private final IMqttActionListener done =
      new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          room.release();
          inFlight.end(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          room.release();
          inFlight.end(error);
        }
      };

  @Override
  public void prepare(Endpoint endpoint, String clientId) throws Exception {
    String scheme = endpoint.tls() ? "ssl" : "tcp";
    MqttAsyncClient client =
        new MqttAsyncClient(
            scheme + "://" + endpoint.host() + ":" + endpoint.port(),
            clientId,
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(maxInflight);
    options.setAutomaticReconnect(false);
    if (endpoint.tls()) {
      var tls = HiveMqClient.tls(endpoint);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          tls.keyManagerFactory().orElseThrow().getKeyManagers(),
          tls.trustManagerFactory().getTrustManagers(),
          null);
      options.setSocketFactory(context.getSocketFactory());
      options.setHttpsHostnameVerificationEnabled(true);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            consumer.accept(message.getPayload());
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    this.client = client;
    this.options = options;
  }

  @Override
  public void connect() throws Exception {
    MqttConnectOptions prepared = options;
    if (prepared == null) {
      throw new IllegalStateException("Call prepare() first.");
    }
    client().connect(prepared).waitForCompletion();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) throws Exception {
    client().publish(topic, payload, qos, false).waitForCompletion();
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos) throws Exception {
    room.acquire();
    inFlight.begin();
    try {
      client().publish(topic, payload, qos, false, null, done);
    } catch (Exception e) {
      room.release();
      inFlight.end(e);
      throw e;
    }
  }

  @Override
  public void flush() throws Exception {
    inFlight.awaitNone();
  }

  @Override
  public void subscribe(String filter, int qos, Consumer<byte[]> consumer) throws Exception {
    this.consumer = consumer;
    client().subscribe(filter, qos).waitForCompletion();
  }

  @Override
  public void close() {
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(5_000);
        }
        client.close();
      } catch (MqttException e) {
        throw new IllegalStateException("Paho did not close cleanly: " + e, e);
      }
    }
  }

  private MqttAsyncClient client() {
    MqttAsyncClient prepared = client;
    if (prepared == null) {
      throw new IllegalStateException("Call prepare() first.");
    }
    return prepared;
  }
}
