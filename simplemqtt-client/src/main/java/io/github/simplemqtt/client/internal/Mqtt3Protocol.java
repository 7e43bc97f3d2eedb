package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.SubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * MQTT 3.1.1 through HiveMQ's async client.
 *
 * <p>MQTT 3.1.1 ties a session's life to the clean session flag: a session opened with it on ends
 * with its connection, so the first network blip would throw away the subscriptions and the
 * messages the broker queued meanwhile. So every CONNECT of this client has clean session off, and
 * its reconnects resume the session, as on MQTT 5. Clean start is done apart: a short-lived client
 * with the same client id connects with clean session on, which makes the broker discard any older
 * session, and disconnects, which ends its own. It runs before each {@link #connect()} when clean
 * start is asked for with a client id of the user's (no broker knows a generated one), and after
 * {@link #disconnect(boolean) disconnect(false)}, so a closed clean-start client leaves no session
 * behind. (Before, not only when the CONNACK shows an older session: see {@link Mqtt5Protocol} on
 * the will of a live twin.)
 */
final class Mqtt3Protocol implements Protocol {
  /**
   * How long after it was sent (QoS 0) or acknowledged a publish may still be blamed for a close.
   */
  private static final long SUSPECT_NANOS = Duration.ofSeconds(1).toNanos();

  private final ClientConfig config;
  private final Mqtt3AsyncClient client;
  private final Mqtt3Connect connect;
  private final IncomingFlow incoming;

  /**
   * The largest publish still unanswered or finished within {@link #SUSPECT_NANOS}. MQTT 3.1.1
   * cannot learn the broker's maximum packet size, and the broker drops a connection that sends a
   * larger packet without saying why: the log then names this publish.
   */
  private final AtomicReference<SentPublish> suspect = new AtomicReference<>();

  /** The largest PUBLISH packet the broker acknowledged: proof that its limit is not below it. */
  private final AtomicInteger largestAcknowledged = new AtomicInteger();

  Mqtt3Protocol(ClientConfig config, Hooks hooks, Inbound inbound) {
    this.config = config;
    this.client =
        HiveMq.builder(config)
            .useMqttVersion3()
            .addConnectedListener(
                context ->
                    hooks.connected(
                        ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent()))
            .addDisconnectedListener(
                context -> onDisconnected((Mqtt3ClientDisconnectedContext) context, hooks))
            .buildAsync();

    // One global flow; ClientCore routes each message to the matching subscriptions.
    // Manual acknowledgement: ClientCore acknowledges a message once its subscriptions have room
    // for it, which is how a slow handler slows the broker down instead of filling memory.
    this.incoming =
        new IncomingFlow(
            () ->
                client
                    .toRx()
                    .publishes(MqttGlobalPublishFilter.ALL, true)
                    .subscribe(
                        publish -> inbound.accept(message(publish), publish::acknowledge),
                        this::flowFailed));

    Mqtt3ConnectBuilder connect =
        Mqtt3Connect.builder().cleanSession(false).keepAlive((int) config.keepAlive().toSeconds());
    if (config.username() != null) {
      var auth = connect.simpleAuth().username(config.username());
      connect =
          (config.password() != null ? auth.password(config.password()) : auth).applySimpleAuth();
    }
    if (config.will() != null) {
      var will = config.will();
      connect =
          connect
              .willPublish()
              .topic(will.topic())
              .payload(will.payload())
              .qos(HiveMq.qos(will.qos()))
              .retain(will.retain())
              .applyWillPublish();
    }
    this.connect = connect.build();
  }

  private void onDisconnected(Mqtt3ClientDisconnectedContext context, Hooks hooks) {
    SentPublish last = suspect.get();
    if (last != null
        && last.stillSuspect(System.nanoTime())
        && (last.packetBytes > largestAcknowledged.get() || last.refusedByContent())
        && context.getSource() != MqttDisconnectSource.USER
        && Failures.find(context.getCause(), ConnectionClosedException.class) != null) {
      hooks = new NamingLastPublish(hooks, last);
    }
    if (HiveMq.planReconnect(context, hooks)) {
      if (hooks.freshSession()) {
        // To drop a publish the broker refuses (see Hooks.freshSession()): the broker forgets the
        // session before the reconnect, which then finds none. Done apart, not with clean session
        // on, so the new session is persistent too and outlives the next blip.
        context.getReconnector().reconnectWhen(discardSession(), (ok, failure) -> {});
      }
      // The whole CONNECT again: HiveMQ 1.3's reconnector otherwise loses the credentials given to
      // connect() (hivemq-mqtt-client issue 574), and every reconnect of a password client was
      // refused as "not authorised". Clean session off resumes the session.
      context.getReconnector().connect(connect);
    }
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    if (!config.cleanStart()) {
      // The session this id left on the broker sends its queued messages right after the
      // CONNACK; they must find the flow. A clean start has no session to resume.
      incoming.open();
    }
    CompletableFuture<Void> fresh =
        config.discardsSessionBeforeConnect()
            ? discardSession()
            : CompletableFuture.completedFuture(null);
    return fresh
        .thenCompose(ok -> client.connect(connect))
        .thenApply(
            connAck -> {
              if (!connAck.isSessionPresent()) {
                incoming.closeUnlessSubscribed();
              }
              return connAck.isSessionPresent();
            });
  }

  /**
   * Makes the broker forget the session of this client id: a second client with the same id
   * connects with clean session on and disconnects again. Fails as a connect would (refused, TLS,
   * unreachable).
   */
  private CompletableFuture<Void> discardSession() {
    Mqtt3AsyncClient discarder = HiveMq.builder(config).useMqttVersion3().buildAsync();
    // The same login without a will: the discarding client's goodbye must publish nothing.
    Mqtt3Connect discard = connect.extend().cleanSession(true).willPublish(null).build();
    return discarder.connect(discard).thenCompose(connAck -> discarder.disconnect());
  }

  @Override
  public CompletableFuture<Void> publish(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    // ClientCore refuses properties on MQTT 3.1.1 before anything is queued.
    SentPublish sent = new SentPublish(topic, qos, packetSize(topic, payload.length, qos));
    suspect.accumulateAndGet(sent, (old, now) -> old != null && old.outweighs(now) ? old : now);
    return client
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(HiveMq.qos(qos))
        .retain(retain)
        .send()
        .whenComplete(
            (publish, failure) -> {
              sent.finished();
              if (failure == null && qos > 0) {
                largestAcknowledged.accumulateAndGet(sent.packetBytes, Math::max);
              }
            })
        .thenApply(publish -> null);
  }

  /** The bytes of an MQTT 3.1.1 PUBLISH packet. */
  static int packetSize(String topic, int payloadBytes, int qos) {
    long remaining =
        2L + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0) + payloadBytes;
    int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
    return (int) Math.min(Integer.MAX_VALUE, 1 + lengthBytes + remaining);
  }

  /** A publish handed to HiveMQ: what the log names should the broker close the connection. */
  static final class SentPublish {
    final String topic;
    final int qos;
    final int packetBytes;
    private volatile long finishedAtNanos;
    private volatile boolean finished;

    SentPublish(String topic, int qos, int packetBytes) {
      this.topic = topic;
      this.qos = qos;
      this.packetBytes = packetBytes;
    }

    /** Sent (QoS 0) or acknowledged (QoS 1, 2), or failed. */
    void finished() {
      finishedAtNanos = System.nanoTime();
      finished = true;
    }

    /** Whether it may have been on the wire when the connection closed. */
    boolean stillSuspect(long nowNanos) {
      return !finished || nowNanos - finishedAtNanos <= SUSPECT_NANOS;
    }

    /**
     * Whether some brokers refuse it whatever its size (QoS 2, '.' or ' ' in the topic, as NATS
     * does): then it is to blame rather than a larger one sent with it.
     */
    boolean refusedByContent() {
      return Failures.refusedByContent(topic, qos) != null;
    }

    /**
     * Whether to keep blaming this one rather than {@code newer}: it is suspect, and refused by
     * content where the newer is not, or else larger.
     */
    boolean outweighs(SentPublish newer) {
      if (!stillSuspect(System.nanoTime())) {
        return false;
      }
      if (refusedByContent() != newer.refusedByContent()) {
        return refusedByContent();
      }
      return packetBytes > newer.packetBytes;
    }
  }

  /** Hands on the hooks' calls, with the publish that preceded the close attached to its cause. */
  private static final class NamingLastPublish implements Hooks {
    private final Hooks hooks;
    private final SentPublish last;

    NamingLastPublish(Hooks hooks, SentPublish last) {
      this.hooks = hooks;
      this.last = last;
    }

    @Override
    public void connected(boolean sessionPresent) {
      hooks.connected(sessionPresent);
    }

    @Override
    public @Nullable Duration disconnected(Throwable cause, boolean byUser, int attempts) {
      return hooks.disconnected(
          new Failures.ClosedAfterPublish(last.topic, last.qos, last.packetBytes, cause),
          byUser,
          attempts);
    }

    @Override
    public boolean freshSession() {
      return hooks.freshSession();
    }

    @Override
    public Servers.Server server() {
      return hooks.server();
    }
  }

  @Override
  public CompletableFuture<Integer> subscribe(String filter, SubscribeOptions options) {
    // ClientCore refuses MQTT 5 options on 3.1.1 before this.
    incoming.openForSubscriptions();
    Mqtt3Subscribe subscribe =
        Mqtt3Subscribe.builder().topicFilter(filter).qos(HiveMq.qos(options.qos())).build();
    // HiveMQ fails the future for a refusal (return code 0x80); else the code is the QoS.
    return client
        .subscribe(subscribe)
        .thenApply(subAck -> subAck.getReturnCodes().get(0).getCode());
  }

  @Override
  public void closing() {
    incoming.closing();
  }

  /** HiveMQ ended the incoming flow: said, and replaced unless closing (see IncomingFlow). */
  private void flowFailed(Throwable failure) {
    HiveMq.flowFailed(failure, incoming.failed());
  }

  @Override
  public boolean copiesPerSubscription() {
    return false;
  }

  private static Message message(Mqtt3Publish publish) {
    return new Message(
        publish.getTopic().toString(),
        publish.getPayloadAsBytes(),
        publish.getQos().getCode(),
        publish.isRetain());
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String filter) {
    return client.unsubscribeWith().topicFilter(filter).send();
  }

  @Override
  public CompletableFuture<Void> disconnect(boolean keepSession) {
    // A 3.1.1 DISCONNECT cannot end a persistent session; a clean-session connect with the same id
    // can. Only after a disconnect that succeeded: a client that was not connected would otherwise
    // make close() wait for a broker that is likely unreachable, and a reconnect that completes
    // after close() comes back here anyway.
    CompletableFuture<Void> disconnected = client.disconnect();
    return keepSession ? disconnected : disconnected.thenCompose(ok -> discardSession());
  }
}
