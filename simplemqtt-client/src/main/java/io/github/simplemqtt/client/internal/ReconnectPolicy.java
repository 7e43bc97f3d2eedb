package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.TlsException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long to wait before the next connection attempt, and when to stop trying: exponential
 * back-off with jitter, the longest wait for refusals that waiting cannot fix, and a twin with the
 * same client id taking the session over. HiveMQ reports connects and disconnects one at a time;
 * the fields are volatile because {@code connect(Duration)} reads the back-off from the caller's
 * thread.
 */
final class ReconnectPolicy {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MqttClient");

  /**
   * A connection the broker closes without a reason this soon after accepting it was most likely
   * taken over by another client with the same client id: Mosquitto 2.0 closes the older connection
   * without sending reason 0x8E. Two in a row, and the client waits this long before trying again:
   * a broker restarted twice (two kit commands) then keeps the connection, while a twin, connected
   * meanwhile, is pushed out and takes the session back at once. A third, and the client stops.
   */
  static final Duration TAKEOVER_WINDOW = Duration.ofSeconds(2);

  private static final long TAKEOVER_WINDOW_NANOS = TAKEOVER_WINDOW.toNanos();

  static final int QUICK_CLOSES_BEFORE_PAUSING = 2;

  static final int TAKEOVERS_BEFORE_GIVING_UP = 3;

  private final Duration initialDelay;
  private final Duration maxDelay;

  private volatile long connectedAtNanos;
  private volatile int quickCloses;
  // Whether a connection attempt failed since the last connection, and whether the current
  // connection came after such failures: a broker that restarts is down for a moment, so its
  // closes are followed by failed attempts; one taking the session over for a twin is not.
  private volatile boolean attemptFailedSinceConnected;
  private volatile boolean connectedAfterFailedAttempts;

  ReconnectPolicy(Duration initialDelay, Duration maxDelay) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
  }

  /** A connection came up at {@code nowNanos}. */
  void connected(long nowNanos) {
    connectedAtNanos = nowNanos;
    connectedAfterFailedAttempts = attemptFailedSinceConnected;
    attemptFailedSinceConnected = false;
  }

  /** When the current (or last) connection came up, in System.nanoTime(). */
  long connectedAtNanos() {
    return connectedAtNanos;
  }

  /**
   * A connection that was up ended at {@code nowNanos} because of {@code cause}. {@code
   * refusedPublish}: the outbox blamed a publish the broker refuses, so this was no takeover.
   */
  void connectionLost(Throwable cause, boolean refusedPublish, long nowNanos) {
    if (refusedPublish) {
      quickCloses = 0;
    } else if (Failures.closedWithoutReason(cause)) {
      boolean quick = nowNanos - connectedAtNanos < TAKEOVER_WINDOW_NANOS;
      // A connection that came back only after failed attempts closed again: the broker is
      // restarting (twice in a row, say), not a twin taking the session over.
      quickCloses = quick && !connectedAfterFailedAttempts ? quickCloses + 1 : 0;
    } else {
      quickCloses = 0;
    }
  }

  /** A connection attempt failed (the broker is away, or refused it). */
  void attemptFailed() {
    attemptFailedSinceConnected = true;
  }

  /** How many connections in a row the broker closed right after accepting them, without reason. */
  int quickCloses() {
    return quickCloses;
  }

  /** Whether another client with the same id most likely keeps taking the session over. */
  boolean takenOver() {
    return quickCloses >= TAKEOVERS_BEFORE_GIVING_UP;
  }

  /**
   * How long to wait before attempt {@code attempts + 1} after {@code failure}: the back-off, the
   * longest wait for a refusal that waiting cannot fix, and at least {@link #TAKEOVER_WINDOW} after
   * two quick closes.
   */
  Duration delay(MqttClientException failure, int attempts) {
    Duration delay = isPermanent(failure) ? maxDelay : backoff(attempts);
    if (quickCloses == QUICK_CLOSES_BEFORE_PAUSING && delay.compareTo(TAKEOVER_WINDOW) < 0) {
      LOG.info(
          "The broker closed the connection twice right after accepting it; waiting {} s before"
              + " reconnecting, to tell a restarting broker from another client with the same"
              + " client id",
          TAKEOVER_WINDOW.toSeconds());
      delay = TAKEOVER_WINDOW;
    }
    return delay;
  }

  /**
   * The back-off after {@code attempts} failed attempts: the initial delay doubled each time up to
   * the maximum, less up to 20% jitter, so that many clients do not come back at the same moment
   * after a broker restart.
   */
  Duration backoff(int attempts) {
    long initial = initialDelay.toMillis();
    long max = maxDelay.toMillis();
    long delay = initial << Math.min(attempts, 20);
    delay = Math.min(delay <= 0 ? max : delay, max);
    long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.max(1, delay - jitter));
  }

  /** Refusals that retrying quickly cannot fix: wrong credentials, a rejected certificate. */
  static boolean isPermanent(MqttClientException failure) {
    if (failure instanceof TlsException) {
      return true;
    }
    if (failure instanceof BrokerRefusedException refused) {
      return switch (refused.reason()) {
        case BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED, BANNED -> true;
        default -> false;
      };
    }
    return false;
  }
}
