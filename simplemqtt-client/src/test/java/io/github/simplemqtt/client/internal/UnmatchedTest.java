package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnmatchedTest {
  private final List<String> acknowledged = new ArrayList<>();

  private Message message(String topic) {
    return new Message(topic, new byte[0], 1, false);
  }

  private Runnable ack(String name) {
    return () -> acknowledged.add(name);
  }

  @Test
  void givesHeldMessagesToTheFirstSubscriptionThatWantsThemInArrivalOrder() {
    Unmatched unmatched = new Unmatched(10);
    unmatched.hold(message("a/1"), ack("1"), 100);
    unmatched.hold(message("b/1"), ack("2"), 200);
    unmatched.hold(message("a/2"), ack("3"), 300);

    List<Unmatched.Held> taken = unmatched.take(m -> m.topic().startsWith("a/"));

    assertThat(taken).extracting(h -> h.message().topic()).containsExactly("a/1", "a/2");
    assertThat(unmatched.take(m -> m.topic().startsWith("a/"))).isEmpty();
    assertThat(unmatched.oldestNanos()).hasValue(200);
    assertThat(acknowledged).isEmpty(); // holding acknowledges nothing
  }

  @Test
  void expiresByArrivalTimeAndPushesOutTheOldestBeyondItsBound() {
    Unmatched unmatched = new Unmatched(2);
    assertThat(unmatched.hold(message("t/1"), ack("1"), 100)).isNull();
    assertThat(unmatched.hold(message("t/2"), ack("2"), 200)).isNull();
    Unmatched.Held pushedOut = unmatched.hold(message("t/3"), ack("3"), 300);
    assertThat(pushedOut.message().topic()).isEqualTo("t/1");

    assertThat(unmatched.takeOlderThan(199)).isEmpty();
    assertThat(unmatched.takeOlderThan(200))
        .extracting(h -> h.message().topic())
        .containsExactly("t/2");
    unmatched.clear();
    assertThat(unmatched.oldestNanos()).isEmpty();
    assertThat(acknowledged).isEmpty();
  }
}
