package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientMetricsTest {

  @Test
  void eachCountIsReadFromItsPlaceInTheSnapshot() {
    ConnectionException cause = new ConnectionException("the broker went away");

    ClientMetrics metrics =
        new ClientMetrics(
            new long[] {10, 6, 3, 9, 2, 1, 4, 5}, ClientMetrics.State.RECONNECTING, cause);

    assertThat(metrics.published()).isEqualTo(10);
    assertThat(metrics.acknowledged()).isEqualTo(6);
    assertThat(metrics.failed()).isEqualTo(3);
    assertThat(metrics.inFlight()).isEqualTo(1);
    assertThat(metrics.delivered()).isEqualTo(9);
    assertThat(metrics.droppedSlowHandler()).isEqualTo(2);
    assertThat(metrics.droppedAtClose()).isEqualTo(1);
    assertThat(metrics.reconnects()).isEqualTo(4);
    assertThat(metrics.droppedUnmatched()).isEqualTo(5);
    assertThat(metrics.state()).isEqualTo(ClientMetrics.State.RECONNECTING);
    assertThat(metrics.lastDisconnectCause()).containsSame(cause);
    assertThat(metrics)
        .hasToString(
            "ClientMetrics[state=RECONNECTING, published=10, acknowledged=6, failed=3,"
                + " inFlight=1, delivered=9, droppedSlowHandler=2, droppedAtClose=1,"
                + " droppedUnmatched=5, reconnects=4]");
  }

  @Test
  void inFlightIsNeverNegativeWhenASnapshotCountedAnOutcomeBeforeItsPublish() {
    // The counts are read one after the other without a lock: an acknowledgement may be counted
    // in a snapshot whose published count was read just before it.
    ClientMetrics metrics =
        new ClientMetrics(new long[] {4, 4, 1, 0, 0, 0, 0, 0}, ClientMetrics.State.CONNECTED, null);

    assertThat(metrics.inFlight()).isZero();
    assertThat(metrics.lastDisconnectCause()).isEmpty();
  }

  @Test
  void aNewClientHasCountedNothingAndIsNew() {
    try (MqttClient client = MqttClient.builder().build()) {
      ClientMetrics metrics = client.metrics();

      assertThat(metrics.state()).isEqualTo(ClientMetrics.State.NEW);
      assertThat(metrics.published()).isZero();
      assertThat(metrics.inFlight()).isZero();
      assertThat(metrics.lastDisconnectCause()).isEmpty();
    }
  }
}
