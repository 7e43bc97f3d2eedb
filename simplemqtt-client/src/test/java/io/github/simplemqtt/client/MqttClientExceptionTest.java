package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What went wrong and what to do come apart, and make the message users have always seen. */
class MqttClientExceptionTest {
  @Test
  void aFixInLowerCaseFollowsASemicolon() {
    ConnectionException e =
        new ConnectionException(
            "Nothing is listening on h:1883 (connection refused)",
            "start the broker, or check the host and port.",
            null);

    assertThat(e)
        .hasMessage(
            "Nothing is listening on h:1883 (connection refused); start the broker, or check the"
                + " host and port.");
    assertThat(e.what()).isEqualTo("Nothing is listening on h:1883 (connection refused)");
    assertThat(e.fix()).contains("start the broker, or check the host and port.");
  }

  @Test
  void aFixInUpperCaseIsASentenceOfItsOwn() {
    MqttClientException e =
        new MqttClientException(
            "It was not sent", "Send a smaller payload.", new IllegalStateException("cause"));

    assertThat(e).hasMessage("It was not sent. Send a smaller payload.");
    assertThat(e.fix()).contains("Send a smaller payload.");
    assertThat(e.getCause()).hasMessage("cause");
  }

  @Test
  void withoutAFixTheMessageIsWhatWentWrong() {
    TlsException e = new TlsException("The broker refused us.", null, Path.of("c.crt"), null);

    assertThat(e).hasMessage("The broker refused us.");
    assertThat(e.what()).isEqualTo("The broker refused us.");
    assertThat(e.fix()).isEmpty();
    assertThat(e.file()).contains(Path.of("c.crt"));
  }

  @Test
  void aMessageAloneIsWhatWentWrongWithNoSeparateFix() {
    BrokerRefusedException e = new BrokerRefusedException("Refused; say why.", 0x87);

    assertThat(e.what()).isEqualTo("Refused; say why.");
    assertThat(e.fix()).isEmpty();
    assertThat(e.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void aRefusalKeepsItsCodeBesideItsParts() {
    BrokerRefusedException e =
        new BrokerRefusedException("The broker refused it", "ask its admin why.", 0x8A);

    assertThat(e).hasMessage("The broker refused it; ask its admin why.");
    assertThat(e.reasonCode()).isEqualTo(0x8A);
    assertThat(e.reason()).isEqualTo(ReasonCode.BANNED);
  }

  @Test
  void aRefusalMadeFromPartsCanBeGivenItsCauseLater() {
    BrokerRefusedException e =
        new BrokerRefusedException("The broker closed the connection", "ask its admin.", 0x8E);
    IllegalStateException cause = new IllegalStateException("underneath");

    e.initCause(cause);

    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e).hasMessage("The broker closed the connection; ask its admin.");
  }

  @Test
  void anEmptyFixIsRefused() {
    assertThatThrownBy(() -> new MqttClientException("what", "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass null");
  }
}
