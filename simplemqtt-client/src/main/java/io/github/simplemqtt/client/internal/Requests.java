package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.Responder;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 request/response on top of a {@link ClientCore}: requests carry this client's reply topic
 * and fresh correlation data, and each reply completes the request whose correlation data it
 * carries. The reply topic is subscribed at the first request and, like every subscription, comes
 * back after a reconnect, so a reply the broker queued meanwhile still arrives.
 */
public final class Requests {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MqttClient");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ClientCore core;
  private final String replyTopic;
  private final Map<ByteBuffer, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
  private volatile boolean subscribed;

  public Requests(ClientCore core, String replyTopic) {
    this.core = core;
    this.replyTopic = replyTopic;
  }

  /** The topic replies to this client's requests go to. */
  public String replyTopic() {
    return replyTopic;
  }

  /**
   * Publishes {@code request} with this client's reply topic and new correlation data; the future
   * completes with the reply, or fails after {@code timeout}.
   */
  public CompletableFuture<Message> request(Message request, Duration timeout) {
    requireMqtt5("request()");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The timeout must be positive, not " + timeout + ".");
    }
    subscribeToReplies();
    byte[] correlation = new byte[16];
    RANDOM.nextBytes(correlation);
    ByteBuffer key = ByteBuffer.wrap(correlation);
    CompletableFuture<Message> reply = new CompletableFuture<>();
    pending.put(key, reply);
    MessageProperties properties =
        request.properties().toBuilder()
            .responseTopic(replyTopic)
            .correlationData(correlation)
            .build();
    core.publishAsyncOwned(
            request.topic(), request.payload(), request.qos(), request.retained(), properties)
        .whenComplete(
            (sent, failure) -> {
              if (failure != null) {
                reply.completeExceptionally(failure);
              }
            });
    CompletableFuture<Message> answer = new CompletableFuture<>();
    reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (message, failure) -> {
              pending.remove(key);
              if (failure == null) {
                answer.complete(message);
              } else {
                Throwable cause =
                    failure instanceof CompletionException ? failure.getCause() : failure;
                answer.completeExceptionally(
                    cause instanceof TimeoutException ? noReply(request.topic(), timeout) : cause);
              }
            });
    return answer;
  }

  /**
   * Subscribes to {@code filter}; each message that carries a response topic gets the responder's
   * reply there, with the request's correlation data.
   */
  public int respond(String filter, int qos, Responder responder) {
    requireMqtt5("respond()");
    if (responder == null) {
      throw new IllegalArgumentException("Responder must not be null.");
    }
    return core.subscribe(filter, qos, request -> answer(request, responder));
  }

  private void answer(Message request, Responder responder) {
    MessageProperties properties = request.properties();
    if (properties.responseTopic().isEmpty()) {
      LOG.debug("A message to '{}' has no response topic; nothing to reply to.", request.topic());
      return;
    }
    byte[] payload;
    try {
      payload = responder.reply(request);
    } catch (Exception e) {
      LOG.warn(
          "The responder for '{}' failed, so the request gets no reply: {}",
          request.topic(),
          String.valueOf(e.getMessage()));
      return;
    }
    if (payload == null) {
      return;
    }
    MessageProperties.Builder reply = MessageProperties.builder();
    properties.correlationData().ifPresent(reply::correlationData);
    String topic = properties.responseTopic().get();
    core.publishAsync(topic, payload, request.qos(), false, reply.build())
        .whenComplete(
            (sent, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "The reply to a request on '{}' could not be sent to '{}': {}",
                    request.topic(),
                    topic,
                    failure.getMessage());
              }
            });
  }

  private void subscribeToReplies() {
    if (subscribed) {
      return;
    }
    synchronized (this) {
      if (subscribed) {
        return;
      }
      try {
        core.subscribe(replyTopic, 1, this::onReply);
      } catch (BrokerRefusedException e) {
        throw new BrokerRefusedException(
            "The broker refused this client's reply topic '"
                + replyTopic
                + "' ("
                + e.getMessage()
                + ")",
            "let the client subscribe to it in the broker's ACL, or choose another with"
                + " replyTopic(...).",
            e.reasonCode());
      }
      subscribed = true;
    }
  }

  private void onReply(Message reply) {
    CompletableFuture<Message> request =
        reply.properties().correlationData().map(ByteBuffer::wrap).map(pending::get).orElse(null);
    if (request == null) {
      LOG.debug("A reply on '{}' matches no waiting request (late, or not ours).", replyTopic);
      return;
    }
    // Off the reply subscription's thread: what the caller chains to the future must not hold up
    // the next reply.
    ForkJoinPool.commonPool().execute(() -> request.complete(reply));
  }

  private MqttClientException noReply(String topic, Duration timeout) {
    return new MqttClientException(
        "No reply to the request on '" + topic + "' within " + describe(timeout),
        "check that a responder is subscribed to it and may publish to the reply topic '"
            + replyTopic
            + "'.",
        null);
  }

  private static String describe(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }

  private void requireMqtt5(String what) {
    String without5 = core.withoutMqtt5();
    if (without5 != null) {
      throw new IllegalArgumentException(
          what + " needs MQTT 5 (response topic and correlation data), and " + without5 + ".");
    }
  }
}
