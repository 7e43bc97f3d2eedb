package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting a user's live sessions from mosquitto 2.0's connection log lines. */
class LiveSessionsTest {
  private static final String T = "2026-12-04T20:00:00: ";

  @Test
  void countsConnectedClientsOfTheUserSinceTheLastStart() {
    List<String> log =
        List.of(
            T + "mosquitto version 2.0.11 starting",
            T + "New client connected from 127.0.0.1:40000 as old (p2, c1, k60, u'carl').",
            T + "mosquitto version 2.0.11 starting",
            T + "New client connected from 127.0.0.1:40001 as a (p2, c1, k60, u'carl').",
            T + "New client connected from 127.0.0.1:40002 as b (p5, c0, k30, u'carl').",
            T + "New client connected from 127.0.0.1:40003 as c (p2, c1, k60, u'carl').",
            T + "New client connected from 127.0.0.1:40004 as d (p2, c1, k60, u'carl').",
            T + "New client connected from 127.0.0.1:40005 as e (p2, c1, k60, u'alice').",
            T + "Client a disconnected.",
            T + "Client b closed its connection.",
            T + "Socket error on client c, disconnecting.");

    assertThat(LiveSessions.count(log, "carl")).isEqualTo(1); // d
    assertThat(LiveSessions.count(log, "alice")).isEqualTo(1);
    assertThat(LiveSessions.count(log, "bob")).isZero();
  }

  @Test
  void aClientIdTakenOverByAnotherUserCountsForTheNewOne() {
    List<String> log =
        List.of(
            T + "New client connected from 127.0.0.1:40001 as shared (p2, c1, k60, u'carl').",
            T + "Client shared already connected, closing old connection.",
            T + "New client connected from 127.0.0.1:40002 as shared (p2, c1, k60, u'alice').");

    assertThat(LiveSessions.count(log, "carl")).isZero();
    assertThat(LiveSessions.count(log, "alice")).isEqualTo(1);
  }
}
