package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.MqttClientException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * What a client counts for {@link io.github.simplemqtt.client.ClientMetrics}: one array of atomic
 * counts. Eight {@code LongAdder}s cost 256 bytes per client before the first count, a fifth of
 * what this layer adds to HiveMQ's client per connection (fan-in bench), for contention that two or
 * three threads counting at most once per message never reach. One array of longs, updated through
 * a VarHandle.
 */
public final class Counters {
  /** The counts, in the order of {@link Snapshot#counts()}. */
  enum Count {
    PUBLISHED,
    ACKNOWLEDGED,
    FAILED,
    DELIVERED,
    DROPPED_SLOW_HANDLER,
    DROPPED_AT_CLOSE,
    RECONNECTS,
    DROPPED_UNMATCHED
  }

  private static final Count[] COUNTS = Count.values();

  /** Atomic access to {@link #counts}' elements: an AtomicLongArray would be one more object. */
  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[] counts = new long[COUNTS.length];
  volatile @Nullable MqttClientException lastDisconnectCause;

  void increment(Count count) {
    COUNT.getAndAdd(counts, count.ordinal(), 1L);
  }

  void add(Count count, long delta) {
    COUNT.getAndAdd(counts, count.ordinal(), delta);
  }

  long get(Count count) {
    return (long) COUNT.getVolatile(counts, count.ordinal());
  }

  /** Counts how a publish future ended; {@code ended} is what complete... returned. */
  void publishEnded(boolean ended, boolean ok) {
    if (ended) {
      increment(ok ? Count.ACKNOWLEDGED : Count.FAILED);
    }
  }

  /** The counts at one moment, for {@link io.github.simplemqtt.client.ClientMetrics}. */
  public record Snapshot(
      long[] counts, String state, @Nullable MqttClientException lastDisconnectCause) {}

  Snapshot snapshot(String state) {
    long[] now = new long[COUNTS.length];
    for (int i = 0; i < now.length; i++) {
      now[i] = (long) COUNT.getVolatile(counts, i);
    }
    return new Snapshot(now, state, lastDisconnectCause);
  }
}
