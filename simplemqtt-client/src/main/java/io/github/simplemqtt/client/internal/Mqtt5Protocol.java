package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import io.github.simplemqtt.client.Message;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 5 through HiveMQ's async client.
 *
 * <p>Every CONNECT of this client has clean start off. Mosquitto 2.0 saves to disk only sessions
 * opened that way, whatever their session expiry, so a session opened with clean start on would not
 * survive a broker restart (such as the kit's after {@code user remove}), and the messages queued
 * for it meanwhile would be lost. Clean start is done apart: for a client id of the user's, a
 * short-lived client with that id connects with clean start on and session expiry 0 and
 * disconnects, which discards any older session; a generated id needs nothing, no broker knows it.
 */
final class Mqtt5Protocol implements Protocol {
  private final ClientConfig config;
  private final Mqtt5AsyncClient client;
  private final Mqtt5Connect connect;
  private final Mqtt5Connect discard;
  private final Mqtt5Connect freshSession;

  Mqtt5Protocol(ClientConfig config, Hooks hooks, Inbound inbound) {
    this.config = config;
    Mqtt5ClientBuilder builder =
        HiveMq.builder(config)
            .useMqttVersion5()
            .addConnectedListener(
                context ->
                    hooks.connected(
                        ((Mqtt5ClientConnectedContext) context).getConnAck().isSessionPresent()))
            .addDisconnectedListener(
                context -> onDisconnected((Mqtt5ClientDisconnectedContext) context, hooks));
    this.client = builder.buildAsync();

    // One global flow, registered before connecting so messages of a resumed session are not
    // missed; ClientCore routes each message to the matching subscriptions.
    // Manual acknowledgement: ClientCore acknowledges a message once its subscriptions have room
    // for it, which is how a slow handler slows the broker down instead of filling memory.
    client.publishes(
        MqttGlobalPublishFilter.ALL,
        (Mqtt5Publish publish) -> inbound.accept(message(publish), publish::acknowledge),
        true);

    Mqtt5ConnectBuilder connect =
        Mqtt5Connect.builder()
            .cleanStart(false)
            .sessionExpiryInterval(config.sessionExpiry().toSeconds())
            .keepAlive((int) config.keepAlive().toSeconds())
            // No outgoing topic aliases: HiveMQ assigns a topic its alias before it finds a publish
            // too large for the broker, so the refused publish leaves an alias the broker never
            // learnt, and the next publish to that topic (alias only) drops the connection with
            // 0x94 "topic alias invalid". Aliases only save a topic's bytes.
            .restrictions()
            .sendTopicAliasMaximum(0)
            .applyRestrictions();
    if (config.username() != null) {
      var auth = connect.simpleAuth().username(config.username());
      connect =
          (config.password() != null ? auth.password(config.password()) : auth).applySimpleAuth();
    }
    // The same login without a will: the discarding client's goodbye must publish nothing.
    this.discard = connect.build().extend().cleanStart(true).sessionExpiryInterval(0).build();
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
    // Reconnects send this whole CONNECT again. HiveMQ 1.3's reconnector otherwise loses the
    // credentials given to connect() (hivemq-mqtt-client issue 574): every reconnect of a password
    // client was refused as "not authorised".
    this.connect = connect.build();
    // Only to drop a publish the broker refuses, see Hooks.freshSession().
    this.freshSession = this.connect.extend().cleanStart(true).build();
  }

  private void onDisconnected(Mqtt5ClientDisconnectedContext context, Hooks hooks) {
    if (HiveMq.planReconnect(context, hooks)) {
      // Reconnects resume the session (clean start off), so in-flight QoS 1/2 messages and
      // subscriptions carry over.
      context.getReconnector().connect(hooks.freshSession() ? freshSession : connect);
    }
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    CompletableFuture<Void> fresh =
        config.discardsSessionBeforeConnect()
            ? discardSession()
            : CompletableFuture.completedFuture(null);
    return fresh
        .thenCompose(ok -> client.connect(connect))
        .thenApply(connAck -> connAck.isSessionPresent());
  }

  /**
   * Makes the broker forget the session of this client id: a second client with the same id
   * connects with clean start on and session expiry 0, and disconnects again. Fails as a connect
   * would (refused, TLS, unreachable).
   */
  private CompletableFuture<Void> discardSession() {
    Mqtt5AsyncClient discarder = HiveMq.builder(config).useMqttVersion5().buildAsync();
    return discarder.connect(discard).thenCompose(connAck -> discarder.disconnect());
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
    return client
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(HiveMq.qos(qos))
        .retain(retain)
        .send()
        .thenCompose(
            result ->
                result.getError().isPresent()
                    ? CompletableFuture.failedFuture(result.getError().get())
                    : CompletableFuture.completedFuture(null));
  }

  @Override
  public CompletableFuture<Integer> subscribe(String filter, int qos) {
    Mqtt5Subscribe subscribe =
        Mqtt5Subscribe.builder().topicFilter(filter).qos(HiveMq.qos(qos)).build();
    // HiveMQ fails the future for a refusal (reason code 0x80 and above); else the code is the QoS.
    return client
        .subscribe(subscribe)
        .thenApply(subAck -> subAck.getReasonCodes().get(0).getCode());
  }

  @Override
  public boolean copiesPerSubscription() {
    return true;
  }

  private static Message message(Mqtt5Publish publish) {
    return new Message(
        publish.getTopic().toString(),
        publish.getPayloadAsBytes(),
        publish.getQos().getCode(),
        publish.isRetain());
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String filter) {
    return client.unsubscribeWith().topicFilter(filter).send().thenApply(unsubAck -> null);
  }

  @Override
  public CompletableFuture<Void> disconnect(boolean keepSession) {
    if (keepSession) {
      return client.disconnect();
    }
    return client.disconnectWith().sessionExpiryInterval(0).send();
  }
}
