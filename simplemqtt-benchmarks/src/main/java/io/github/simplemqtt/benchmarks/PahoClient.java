package io.github.simplemqtt.benchmarks;

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

/**
 * Eclipse Paho Java 1.2.5 (MQTT 3.1.1), {@code MqttAsyncClient} with in-memory persistence (its
 * default writes files) and 1000 messages in flight (its default of 10 would throttle it); the
 * blocking pattern waits on each delivery token, as {@code MqttClient.publish} does.
 */
final class PahoClient implements BenchClient {
  static final int MAX_INFLIGHT = 1000;

  private MqttAsyncClient client;
  private MqttConnectOptions options;
  private final Semaphore room = new Semaphore(MAX_INFLIGHT);
  private final InFlight inFlight = new InFlight();
  private volatile Consumer<byte[]> consumer = payload -> {};

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
    client =
        new MqttAsyncClient(
            scheme + "://" + endpoint.host() + ":" + endpoint.port(),
            clientId,
            new MemoryPersistence());
    options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(MAX_INFLIGHT);
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
  }

  @Override
  public void connect() throws Exception {
    client.connect(options).waitForCompletion();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) throws Exception {
    client.publish(topic, payload, qos, false).waitForCompletion();
  }

  @Override
  public void publishAsync(String topic, byte[] payload, int qos) throws Exception {
    room.acquire();
    inFlight.begin();
    try {
      client.publish(topic, payload, qos, false, null, done);
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
    client.subscribe(filter, qos).waitForCompletion();
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
}
