package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponderTest {

  private static final Message PING =
      new Message("requests/ping", "ping".getBytes(StandardCharsets.UTF_8), 1, false);

  @Test
  void aTextResponderRepliesWithItsAnswerInUtf8() throws Exception {
    Responder responder = Responder.text(request -> "pöng to " + request.payloadAsString());

    assertThat(responder.reply(PING)).isEqualTo("pöng to ping".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTextResponderThatAnswersNullSendsNoReply() throws Exception {
    assertThat(Responder.text(request -> null).reply(PING)).isNull();
  }

  @Test
  void aTextResponderNeedsAnAnswer() {
    assertThatThrownBy(() -> Responder.text(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("answer");
  }
}
