package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientIdsTest {

  @Test
  void generatedIdsAreReadableShortAndDistinct() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = ClientIds.generate();
      assertThat(id).matches("simplemqtt-[a-z2-7]{12}").hasSizeLessThanOrEqualTo(23);
      ids.add(id);
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void refusesIdsMqttCannotCarry() {
    assertThatThrownBy(() -> ClientIds.check("a\u0000")).hasMessageContaining("U+0000");
    assertThatThrownBy(() -> ClientIds.check("a\uDC00")).hasMessageContaining("unpaired surrogate");
  }

  @Test
  void anIdOfMqttsLengthIsAcceptedAndOneByteMoreIsNot() {
    assertThatCode(() -> ClientIds.check("i".repeat(65_535))).doesNotThrowAnyException();
    assertThatThrownBy(() -> ClientIds.check("i".repeat(65_536)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Client id is longer than 65535 bytes in UTF-8.");
  }

  @Test
  void surrogatePairsAreAcceptedAndALoneHighSurrogateAtTheEndIsNot() {
    assertThatCode(() -> ClientIds.check("\uD83D\uDE00-sensor")).doesNotThrowAnyException();
    assertThatThrownBy(() -> ClientIds.check("sensor\uD83D"))
        .hasMessage(
            "Client id contains an unpaired surrogate at index 6, which is not valid UTF-8.");
  }
}
