package io.github.simplemqtt.benchmarks;

import java.util.function.Consumer;

/**
 * One MQTT client library behind the few calls the workloads need, so each workload is written
 * once. Implementations are used by one thread at a time, except that the subscriber's consumer is
 * called on the library's own thread.
 */
interface BenchClient extends AutoCloseable {

  /** Builds the client (reads TLS files, makes contexts) without touching the network. */
  void prepare(Endpoint endpoint, String clientId) throws Exception;

  /** Connects and waits for the broker's CONNACK: TCP, TLS handshake, CONNECT/CONNACK. */
  void connect() throws Exception;

  /** {@link #prepare} then {@link #connect}. */
  default void connect(Endpoint endpoint, String clientId) throws Exception {
    prepare(endpoint, clientId);
    connect();
  }

  /**
   * Like {@link #prepare}, for a client that rides out a broker restart: a session the broker keeps
   * (clean start off, an hour's expiry) and the library's automatic reconnect, as its documentation
   * sets it up. Only the libraries that reconnect by themselves implement it.
   */
  default void prepareToOutlastRestarts(Endpoint endpoint, String clientId) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not reconnect");
  }

  /** Whether the client is connected now; the libraries that reconnect by themselves answer. */
  default boolean isConnected() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not reconnect");
  }

  /** Publishes and waits until the broker acknowledged the message at {@code qos}. */
  void publish(String topic, byte[] payload, int qos) throws Exception;

  /**
   * Publishes without waiting for the acknowledgement, keeping many messages in flight; may wait
   * for room when the library bounds its in-flight messages.
   */
  void publishAsync(String topic, byte[] payload, int qos) throws Exception;

  /**
   * {@link #publishAsync(String, byte[], int)} with MQTT 5 user properties (name, value pairs), for
   * the cost of properties; only the MQTT 5 libraries implement it.
   */
  default void publishAsync(String topic, byte[] payload, int qos, String... userProperties)
      throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " sends no properties");
  }

  /** Waits until every message sent by {@link #publishAsync} was acknowledged. */
  void flush() throws Exception;

  /** Subscribes and waits for the SUBACK; {@code consumer} receives each payload. */
  void subscribe(String filter, int qos, Consumer<byte[]> consumer) throws Exception;

  /** Disconnects and releases the client's resources. */
  @Override
  void close();
}
