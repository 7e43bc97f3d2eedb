package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.SubscribeOptions;
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
 *
 * <p>Why not connect once and end an older session only when the CONNACK shows one: Mosquitto
 * publishes the will of a client whose id is taken over only when the new CONNECT has clean start
 * on (or the old session was not persistent). A live twin's will would be dropped unsent.
 */
final class Mqtt5Protocol implements Protocol {
  private final ClientConfig config;
  private final Mqtt5AsyncClient client;
  private final Mqtt5Connect connect;
  private final IncomingFlow incoming;

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
            .receiveMaximum(config.receiveMaximum())
            .sendTopicAliasMaximum(0)
            .applyRestrictions();
    if (config.username() != null) {
      var auth = connect.simpleAuth().username(config.username());
      connect =
          (config.password() != null ? auth.password(config.password()) : auth).applySimpleAuth();
    }
    if (config.will() != null) {
      var will = config.will();
      var willPublish =
          connect
              .willPublish()
              .topic(will.topic())
              .payload(will.payload())
              .qos(HiveMq.qos(will.qos()))
              .retain(will.retain())
              .delayInterval(will.delay().toSeconds());
      connect = MessagePropertiesMapping.apply(will.properties(), willPublish).applyWillPublish();
    }
    // Reconnects send this whole CONNECT again. HiveMQ 1.3's reconnector otherwise loses the
    // credentials given to connect() (hivemq-mqtt-client issue 574): every reconnect of a password
    // client was refused as "not authorised".
    this.connect = connect.build();
  }

  private void onDisconnected(Mqtt5ClientDisconnectedContext context, Hooks hooks) {
    if (HiveMq.planReconnect(context, hooks)) {
      // Reconnects resume the session (clean start off), so in-flight QoS 1/2 messages and
      // subscriptions carry over. Only to drop a publish the broker refuses (see
      // Hooks.freshSession()) does a reconnect start a new session.
      context
          .getReconnector()
          .connect(hooks.freshSession() ? connect.extend().cleanStart(true).build() : connect);
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
   * connects with clean start on and session expiry 0, and disconnects again. Fails as a connect
   * would (refused, TLS, unreachable).
   */
  private CompletableFuture<Void> discardSession() {
    Mqtt5AsyncClient discarder = HiveMq.builder(config).useMqttVersion5().buildAsync();
    // The same login without a will: the discarding client's goodbye must publish nothing.
    Mqtt5Connect discard =
        connect.extend().cleanStart(true).sessionExpiryInterval(0).willPublish(null).build();
    return discarder.connect(discard).thenCompose(connAck -> discarder.disconnect());
  }

  @Override
  public CompletableFuture<Void> publish(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    Mqtt5PublishBuilder.Complete publish =
        Mqtt5Publish.builder().topic(topic).payload(payload).qos(HiveMq.qos(qos)).retain(retain);
    if (!properties.isEmpty()) {
      publish = MessagePropertiesMapping.apply(properties, publish);
    }
    return client
        .publish(publish.build())
        .thenCompose(
            result ->
                result.getError().isPresent()
                    ? CompletableFuture.failedFuture(result.getError().get())
                    : CompletableFuture.completedFuture(null));
  }

  @Override
  public CompletableFuture<Integer> subscribe(String filter, SubscribeOptions options) {
    incoming.openForSubscriptions();
    Mqtt5Subscribe subscribe =
        Mqtt5Subscribe.builder()
            .topicFilter(filter)
            .qos(HiveMq.qos(options.qos()))
            .noLocal(options.noLocal())
            .retainAsPublished(options.retainAsPublished())
            .retainHandling(retainHandling(options.retainHandling()))
            .build();
    // HiveMQ fails the future for a refusal (reason code 0x80 and above); else the code is the QoS.
    return client
        .subscribe(subscribe)
        .thenApply(subAck -> subAck.getReasonCodes().get(0).getCode());
  }

  private static Mqtt5RetainHandling retainHandling(SubscribeOptions.RetainHandling handling) {
    return switch (handling) {
      case SEND -> Mqtt5RetainHandling.SEND;
      case SEND_IF_NEW -> Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST;
      case DONT_SEND -> Mqtt5RetainHandling.DO_NOT_SEND;
    };
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
    return true;
  }

  private static Message message(Mqtt5Publish publish) {
    return new Message(
        publish.getTopic().toString(),
        publish.getPayloadAsBytes(),
        publish.getQos().getCode(),
        publish.isRetain(),
        MessagePropertiesMapping.of(publish));
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
