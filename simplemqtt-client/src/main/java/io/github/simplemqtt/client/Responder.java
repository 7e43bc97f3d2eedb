package io.github.simplemqtt.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Answers MQTT 5 requests for {@link MqttClient#respond}: returns the payload of the reply, which
 * the client publishes to the request's response topic with its correlation data.
 */
@FunctionalInterface
public interface Responder {
  /**
   * The payload of the reply to {@code request}.
   *
   * @param request a message that carries a response topic
   * @return the reply's payload; null to send no reply
   * @throws Exception anything; it is logged, no reply is sent, and the responder carries on
   */
  byte @Nullable [] reply(Message request) throws Exception;

  /**
   * A responder whose replies are UTF-8 text: {@code Responder.text(request -> "pong")}. A null
   * answer sends no reply.
   */
  static Responder text(Function<Message, @Nullable String> answer) {
    Objects.requireNonNull(answer, "answer");
    return request -> {
      String reply = answer.apply(request);
      return reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
    };
  }
}
