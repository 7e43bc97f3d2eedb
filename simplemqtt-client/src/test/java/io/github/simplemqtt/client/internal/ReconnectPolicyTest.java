package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.TlsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(10);
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  /** What HiveMQ reports when the broker closes the socket without a DISCONNECT. */
  private static final Throwable CLOSED_WITHOUT_REASON =
      new ConnectionClosedException("Server closed connection without DISCONNECT.");

  private static final MqttClientException UNREACHABLE =
      new ConnectionException("The broker at b:1883 is not answering.");

  private final ReconnectPolicy policy = new ReconnectPolicy(INITIAL, MAX);

  @Test
  void theBackOffDoublesUpToTheMaximumLessAtMostAFifthOfJitter() {
    for (int attempts = 0; attempts < 30; attempts++) {
      long full = Math.min(INITIAL.toMillis() << Math.min(attempts, 20), MAX.toMillis());
      for (int draw = 0; draw < 20; draw++) {
        long delay = policy.backoff(attempts).toMillis();
        assertThat(delay).as("attempt %d", attempts).isBetween(full - full / 5, full);
      }
    }
  }

  @Test
  void refusalsThatWaitingCannotFixWaitTheLongest() {
    assertThat(policy.delay(new BrokerRefusedException("bad password", 0x86), 0)).isEqualTo(MAX);
    assertThat(policy.delay(new BrokerRefusedException("not authorised", 5), 0)).isEqualTo(MAX);
    assertThat(policy.delay(new TlsException("untrusted", null, null), 0)).isEqualTo(MAX);
    assertThat(policy.delay(new BrokerRefusedException("server busy", 0x89), 0))
        .isLessThanOrEqualTo(INITIAL);
    assertThat(policy.delay(UNREACHABLE, 0)).isLessThanOrEqualTo(INITIAL);
  }

  @Test
  void aCloseExactlyTheTakeoverWindowAfterConnectingIsNoLongerQuick() {
    long window = ReconnectPolicy.TAKEOVER_WINDOW.toNanos();
    policy.connected(5 * SECOND);
    assertThat(policy.connectedAtNanos()).isEqualTo(5 * SECOND);

    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 5 * SECOND + window - 1);
    assertThat(policy.quickCloses()).isEqualTo(1);

    policy.connected(20 * SECOND);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 20 * SECOND + window);
    assertThat(policy.quickCloses()).isZero();
  }

  @Test
  void threeQuickClosesWithoutReasonInARowMeanATwinTakesTheSessionOver() {
    long now = 0;
    for (int close = 1; close <= 3; close++) {
      assertThat(policy.takenOver()).isFalse();
      policy.connected(now);
      now += SECOND / 2;
      policy.connectionLost(CLOSED_WITHOUT_REASON, false, now);
      assertThat(policy.quickCloses()).isEqualTo(close);
      if (close == 2) {
        // The second pauses long enough to tell a twin from a restarting broker.
        assertThat(policy.delay(UNREACHABLE, 0)).isEqualTo(ReconnectPolicy.TAKEOVER_WINDOW);
      }
    }
    assertThat(policy.takenOver()).isTrue();
  }

  @Test
  void aConnectionThatLastedIsNoTakeover() {
    policy.connected(0);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, SECOND / 2);
    policy.connected(SECOND);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 5 * SECOND);

    assertThat(policy.quickCloses()).isZero();
  }

  @Test
  void aBrokerThatIsDownBetweenClosesIsRestartingNotTakenOver() {
    for (int close = 0; close < 5; close++) {
      policy.attemptFailed();
      policy.connected(close * SECOND);
      policy.connectionLost(CLOSED_WITHOUT_REASON, false, close * SECOND + SECOND / 2);
    }

    assertThat(policy.takenOver()).isFalse();
    assertThat(policy.quickCloses()).isZero();
  }

  @Test
  void aClosedForAReasonOrARefusedPublishStartsTheCountAgain() {
    policy.connected(0);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 1);
    policy.connected(2);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 3);
    assertThat(policy.quickCloses()).isEqualTo(2);

    policy.connected(4);
    policy.connectionLost(CLOSED_WITHOUT_REASON, true, 5);
    assertThat(policy.quickCloses()).isZero();

    policy.connected(6);
    policy.connectionLost(CLOSED_WITHOUT_REASON, false, 7);
    policy.connected(8);
    policy.connectionLost(new IllegalStateException("keep alive timed out"), false, 9);
    assertThat(policy.quickCloses()).isZero();
  }
}
