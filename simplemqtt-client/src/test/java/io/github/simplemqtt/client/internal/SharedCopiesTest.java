package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedCopiesTest {
  private final SharedCopies copies = new SharedCopies();
  private final List<String> plain = List.of("a/#", "a/+");
  private final List<String> shared = List.of("$share/g/a/#");

  private static Message live(String payload) {
    return new Message("a/b", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Test
  void firstCopyToThePlainSubscriptionsTheirExtraDroppedThenOneToTheShared() {
    assertThat(copies.targets(live("x"), plain, shared)).isEqualTo(plain);
    assertThat(copies.targets(live("x"), plain, shared)).isEmpty();
    assertThat(copies.targets(live("x"), plain, shared)).containsExactly("$share/g/a/#");
    assertThat(copies.targets(live("x"), plain, shared)).as("next message").isEqualTo(plain);
  }

  @Test
  void whenTheGroupPickedAnotherClientEveryMessageStillReachesThePlainSubscriptions() {
    assertThat(copies.targets(live("x"), plain, shared)).isEqualTo(plain);
    assertThat(copies.targets(live("x"), plain, shared)).isEmpty();
    assertThat(copies.targets(live("y"), plain, shared)).isEqualTo(plain);
    assertThat(copies.targets(live("y"), plain, shared)).isEmpty();
  }

  @Test
  void retainedMessagesGoToThePlainSubscriptionsOnly() {
    Message retained = new Message("a/b", new byte[] {1}, 1, true);
    assertThat(copies.targets(retained, plain, shared)).isEqualTo(plain);
    assertThat(copies.targets(retained, List.of(), shared)).isEqualTo(shared);
  }
}
