package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyCollapserTest {
  private final CopyCollapser collapser = new CopyCollapser();

  private static Message live(String payload) {
    return new Message("a/b", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Test
  void deliversTheFirstOfKCopiesAndDropsTheRest() {
    assertThat(collapser.isExtraCopy(live("x"), 3, 0)).isFalse();
    assertThat(collapser.isExtraCopy(live("x"), 3, 1)).isTrue();
    assertThat(collapser.isExtraCopy(live("x"), 3, 2)).isTrue();
    assertThat(collapser.isExtraCopy(live("x"), 3, 3)).as("next message").isFalse();
  }

  @Test
  void identicalMessagesInterleavedStillCountRight() {
    // m1c1, m2c1, m1c2, m2c2 with two subscriptions: two deliveries in all.
    int delivered = 0;
    for (int i = 0; i < 4; i++) {
      if (!collapser.isExtraCopy(live("same"), 2, i)) {
        delivered++;
      }
    }
    assertThat(delivered).isEqualTo(2);
  }

  @Test
  void singleSubscriptionsAndRetainedMessagesAreNeverCollapsed() {
    assertThat(collapser.isExtraCopy(live("x"), 1, 0)).isFalse();
    assertThat(collapser.isExtraCopy(live("x"), 1, 1)).isFalse();
    Message retained = new Message("a/b", new byte[] {1}, 1, true);
    assertThat(collapser.isExtraCopy(retained, 2, 0)).isFalse();
    assertThat(collapser.isExtraCopy(retained, 2, 1)).isFalse();
  }

  @Test
  void staleEntriesDoNotSwallowLaterMessages() {
    assertThat(collapser.isExtraCopy(live("x"), 2, 0)).isFalse();
    long later = 31_000_000_000L;
    assertThat(collapser.isExtraCopy(live("x"), 2, later)).isFalse();
  }
}
