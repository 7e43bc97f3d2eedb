package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
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
}
