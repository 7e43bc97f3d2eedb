package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.Responder;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 request/response between two of our clients through a real mosquitto. */
class RequestResponseIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  @Test
  void aRequestGetsItsOwnReplyAmongMany(MosquittoBroker broker) throws Exception {
    try (MqttClient responder = broker.passwordClient("alice").build();
        MqttClient requester = broker.passwordClient("alice").build()) {
      responder.connect();
      requester.connect();
      responder.respond(
          "rpc/echo", 1, Responder.text(request -> "re:" + request.payloadAsString()));

      Message reply = requester.request("rpc/echo", "hi", WAIT);
      assertThat(reply.payloadAsString()).isEqualTo("re:hi");
      assertThat(reply.topic()).isEqualTo("replies/" + requester.clientId());
      assertThat(reply.properties().correlationData()).isPresent();

      List<CompletableFuture<Message>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(
            requester.requestAsync(
                Message.builder("rpc/echo").payload("n" + i).qos(1).build(), WAIT));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(replies.get(i).get(10, TimeUnit.SECONDS).payloadAsString())
            .isEqualTo("re:n" + i);
      }
    }
  }

  @Test
  void noReplyFailsInWordsAfterTheTimeout(MosquittoBroker broker) {
    try (MqttClient requester = broker.passwordClient("alice").replyTopic("replies/mine").build()) {
      requester.connect();
      assertThatThrownBy(() -> requester.request("rpc/nobody", "hello?", Duration.ofMillis(500)))
          .isInstanceOf(MqttClientException.class)
          .hasMessage(
              "No reply to the request on 'rpc/nobody' within 500 ms; check that a responder is"
                  + " subscribed to it and may publish to the reply topic 'replies/mine'.");
    }
  }

  @Test
  void aResponderSkipsWhatItCannotAnswerAndCarriesOn(MosquittoBroker broker) {
    try (MqttClient responder = broker.passwordClient("alice").build();
        MqttClient requester = broker.passwordClient("alice").build()) {
      responder.connect();
      requester.connect();
      responder.respond(
          "rpc/picky",
          1,
          Responder.text(
              request -> {
                if (request.payloadAsString().equals("boom")) {
                  throw new IllegalStateException("cannot answer boom");
                }
                return request.payloadAsString().equals("silent") ? null : "ok";
              }));

      requester.publish("rpc/picky", "no response topic", 1, false); // ignored
      assertThatThrownBy(() -> requester.request("rpc/picky", "boom", Duration.ofMillis(500)))
          .hasMessageStartingWith("No reply to the request on 'rpc/picky' within 500 ms");
      assertThatThrownBy(() -> requester.request("rpc/picky", "silent", Duration.ofMillis(500)))
          .hasMessageStartingWith("No reply");
      assertThat(requester.request("rpc/picky", "fine", WAIT).payloadAsString()).isEqualTo("ok");
    }
  }

  @Test
  void aReplySentWhileTheRequesterIsCutOffArrivesAfterItReconnects(MosquittoBroker broker)
      throws Exception {
    CountDownLatch requestSeen = new CountDownLatch(1);
    CountDownLatch replyNow = new CountDownLatch(1);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient responder = broker.passwordClient("alice").build();
        MqttClient requester =
            broker
                .passwordClient("alice")
                .broker(proxy.host(), proxy.port())
                .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500))
                .connectionListener(
                    new ConnectionListener() {
                      @Override
                      public void connected(boolean sessionResumed) {
                        events.add(sessionResumed ? "resumed" : "new");
                      }

                      @Override
                      public void disconnected(MqttClientException cause, boolean reconnecting) {
                        events.add("disconnected");
                      }
                    })
                .build()) {
      responder.connect();
      requester.connect();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new");
      responder.respond(
          "rpc/slow",
          1,
          Responder.text(
              request -> {
                requestSeen.countDown();
                try {
                  replyNow.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return "late but here";
              }));

      CompletableFuture<Message> reply =
          requester.requestAsync(
              Message.builder("rpc/slow").payload("x").qos(1).build(), Duration.ofSeconds(30));
      assertThat(requestSeen.await(10, TimeUnit.SECONDS)).isTrue();

      proxy.refuseNewConnections(true);
      proxy.resetAll();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");
      replyNow.countDown(); // the broker holds the reply in the requester's session
      proxy.refuseNewConnections(false);

      assertThat(reply.get(30, TimeUnit.SECONDS).payloadAsString()).isEqualTo("late but here");
      assertThat(events).contains("resumed");
    }
  }

  @Test
  void mqtt311HasNoRequestResponse(MosquittoBroker broker) {
    try (MqttClient client =
        broker.passwordClient("alice").mqttVersion(MqttVersion.V3_1_1).build()) {
      client.connect();
      assertThatThrownBy(() -> client.request("rpc/x", "", WAIT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "request() needs MQTT 5 (response topic and correlation data), and this client"
                  + " connects with MQTT 3.1.1: build it with .mqttVersion(MqttVersion.V5).");
      assertThatThrownBy(() -> client.respond("rpc/x", 1, request -> null))
          .hasMessageStartingWith("respond() needs MQTT 5");
    }
  }
}
