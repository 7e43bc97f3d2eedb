package io.github.simplemqtt.benchmarks;

import java.time.Duration;
import java.util.BitSet;

/**
 * Counts what a subscriber received by sequence number, so loss and duplicates are exact, and
 * records when the first and last messages arrived and each message's latency. Thread-safe.
 */
final class Receiver {
  private final int expected;
  private final BitSet seen;
  private final long[] latencies;
  private int received;
  private int duplicates;
  private int latencyCount;
  private long firstNanos;
  private long lastNanos;
  private long probes;

  Receiver(int expected) {
    this.expected = expected;
    this.seen = new BitSet(expected);
    this.latencies = new long[expected];
  }

  void accept(byte[] payload) {
    long now = System.nanoTime();
    long sequence = Payloads.sequence(payload);
    synchronized (this) {
      if (sequence < 0 || sequence >= expected) {
        probes++;
        notifyAll();
        return;
      }
      if (seen.get((int) sequence)) {
        duplicates++;
        return;
      }
      seen.set((int) sequence);
      if (received == 0) {
        firstNanos = now;
      }
      lastNanos = now;
      received++;
      long sent = Payloads.nanos(payload);
      if (sent > 0 && latencyCount < latencies.length) {
        latencies[latencyCount++] = now - sent;
      }
      if (received == expected) {
        notifyAll();
      }
    }
  }

  /** Waits until a probe (a non-bench message) arrived; false on timeout. */
  synchronized boolean awaitProbe(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (probes == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Waits until every expected message arrived, or until none arrived for {@code idle} (what did
   * not arrive by then counts as lost).
   */
  synchronized void awaitAll(Duration idle) throws InterruptedException {
    int before = received;
    long lastProgress = System.nanoTime();
    while (received < expected) {
      long now = System.nanoTime();
      if (received != before) {
        before = received;
        lastProgress = now;
      } else if (now - lastProgress >= idle.toNanos()) {
        return;
      }
      wait(20);
    }
  }

  synchronized int received() {
    return received;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized long firstNanos() {
    return firstNanos;
  }

  synchronized long lastNanos() {
    return lastNanos;
  }

  /** Latencies in nanoseconds, sorted. */
  synchronized long[] sortedLatencies() {
    long[] copy = java.util.Arrays.copyOf(latencies, latencyCount);
    java.util.Arrays.sort(copy);
    return copy;
  }
}
