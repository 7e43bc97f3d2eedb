package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import io.github.simplemqtt.client.Message;
import java.util.concurrent.CompletableFuture;

/** MQTT 3.1.1 through HiveMQ's async client. */
final class Mqtt3Protocol implements Protocol {
  private final Mqtt3AsyncClient client;
  private final Mqtt3Connect connect;
  private final Mqtt3Connect reconnect;
  private final Mqtt3Connect freshSession;

  Mqtt3Protocol(ClientConfig config, Hooks hooks, Inbound inbound) {
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

    // One global flow, registered before connecting so messages of a resumed session are not
    // missed; ClientCore routes each message to the matching subscriptions.
    // Manual acknowledgement: ClientCore acknowledges a message once its subscriptions have room
    // for it, which is how a slow handler slows the broker down instead of filling memory.
    client.publishes(
        MqttGlobalPublishFilter.ALL,
        (Mqtt3Publish publish) -> inbound.accept(message(publish), publish::acknowledge),
        true);

    Mqtt3ConnectBuilder connect =
        Mqtt3Connect.builder()
            .cleanSession(config.cleanStart())
            .keepAlive((int) config.keepAlive().toSeconds());
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
    // Reconnects send this whole CONNECT again (clean start off). HiveMQ 1.3's reconnector
    // otherwise
    // loses the credentials given to connect() (hivemq-mqtt-client issue 574): every reconnect of a
    // password client was refused as "not authorised".
    this.reconnect = this.connect.extend().cleanSession(false).build();
    // Only to drop a publish the broker refuses, see Hooks.freshSession().
    this.freshSession = this.connect.extend().cleanSession(true).build();
  }

  private void onDisconnected(Mqtt3ClientDisconnectedContext context, Hooks hooks) {
    if (HiveMq.planReconnect(context, hooks)) {
      // MQTT 3.1.1 has no session expiry: a persistent session (clean session off) is what keeps
      // in-flight QoS 1/2 messages and subscriptions across the reconnect.
      context.getReconnector().connect(hooks.freshSession() ? freshSession : reconnect);
    }
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    return client.connect(connect).thenApply(connAck -> connAck.isSessionPresent());
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
        .thenApply(publish -> null);
  }

  @Override
  public CompletableFuture<Integer> subscribe(String filter, int qos) {
    Mqtt3Subscribe subscribe =
        Mqtt3Subscribe.builder().topicFilter(filter).qos(HiveMq.qos(qos)).build();
    // HiveMQ fails the future for a refusal (return code 0x80); else the code is the QoS.
    return client
        .subscribe(subscribe)
        .thenApply(subAck -> subAck.getReturnCodes().get(0).getCode());
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
    // MQTT 3.1.1 cannot drop a persistent session on disconnect; the broker keeps it until a
    // clean-session connect with the same client id, or its persistent_client_expiration.
    return client.disconnect();
  }
}
