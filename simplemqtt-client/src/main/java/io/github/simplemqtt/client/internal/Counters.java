package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.MqttClientException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What a client counts for {@link io.github.simplemqtt.client.ClientMetrics}: adders, since the
 * publishing threads and the network thread count at once and a reader only needs a sum now and
 * then.
 */
public final class Counters {
  final LongAdder published = new LongAdder();
  final LongAdder acknowledged = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder droppedSlowHandler = new LongAdder();
  final LongAdder droppedAtClose = new LongAdder();
  final LongAdder droppedUnmatched = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  volatile @Nullable MqttClientException lastDisconnectCause;

  /** Counts how a publish future ended; {@code ended} is what complete... returned. */
  void publishEnded(boolean ended, boolean ok) {
    if (ended) {
      (ok ? acknowledged : failed).increment();
    }
  }

  /** The counts at one moment, for {@link io.github.simplemqtt.client.ClientMetrics}. */
  public record Snapshot(
      long[] counts, String state, @Nullable MqttClientException lastDisconnectCause) {}

  Snapshot snapshot(String state) {
    return new Snapshot(
        new long[] {
          published.sum(),
          acknowledged.sum(),
          failed.sum(),
          delivered.sum(),
          droppedSlowHandler.sum(),
          droppedAtClose.sum(),
          reconnects.sum(),
          droppedUnmatched.sum()
        },
        state,
        lastDisconnectCause);
  }
}
