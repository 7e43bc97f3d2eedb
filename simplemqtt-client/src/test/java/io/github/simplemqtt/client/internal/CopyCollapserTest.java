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

  @Test
  void aCopyJustInsideTheStaleWindowIsDroppedAndOneAtItsEndIsDelivered() {
    long first = 5_000_000_000L;
    assertThat(collapser.isExtraCopy(live("x"), 2, first)).isFalse();
    assertThat(collapser.isExtraCopy(live("x"), 2, first + CopyCollapser.STALE_NANOS - 1))
        .as("copy within the window")
        .isTrue();

    assertThat(collapser.isExtraCopy(live("y"), 2, first)).isFalse();
    assertThat(collapser.isExtraCopy(live("y"), 2, first + CopyCollapser.STALE_NANOS))
        .as("at the window's end it is a new message")
        .isFalse();
  }

  @Test
  void theLastExpectedCopyForgetsTheMessage() {
    collapser.isExtraCopy(live("x"), 3, 0);
    collapser.isExtraCopy(live("x"), 3, 1);
    assertThat(collapser.pendingCount()).isEqualTo(1);

    collapser.isExtraCopy(live("x"), 3, 2);

    assertThat(collapser.pendingCount()).isZero();
  }

  @Test
  void copiesOfDifferentTopicsOrPayloadsAreCountedApart() {
    assertThat(collapser.isExtraCopy(live("x"), 2, 0)).isFalse();
    assertThat(collapser.isExtraCopy(live("xx"), 2, 0)).isFalse();
    assertThat(collapser.isExtraCopy(new Message("a/c", new byte[] {'x'}, 1, false), 2, 0))
        .isFalse();
    assertThat(collapser.pendingCount()).isEqualTo(3);
  }

  @Test
  void aboveTenThousandWaitingMessagesTheStaleOnesAreEvicted() {
    long later = CopyCollapser.STALE_NANOS;
    for (int i = 0; i < CopyCollapser.MAX_PENDING - 1; i++) {
      collapser.isExtraCopy(live("old " + i), 2, 0);
    }
    collapser.isExtraCopy(live("fresh 1"), 2, later);
    assertThat(collapser.pendingCount())
        .as("at the limit nothing is evicted")
        .isEqualTo(CopyCollapser.MAX_PENDING);

    collapser.isExtraCopy(live("fresh 2"), 2, later);

    assertThat(collapser.pendingCount()).as("only the two fresh messages stay").isEqualTo(2);
    assertThat(collapser.isExtraCopy(live("fresh 1"), 2, later)).isTrue();
  }

  @Test
  void aboveTheLimitEntriesInsideTheWindowAreKept() {
    for (int i = 0; i <= CopyCollapser.MAX_PENDING; i++) {
      collapser.isExtraCopy(live("recent " + i), 2, i);
    }

    assertThat(collapser.pendingCount()).isEqualTo(CopyCollapser.MAX_PENDING + 1);
  }
}
