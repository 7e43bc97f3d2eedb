package io.github.simplemqtt.it.reliability;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;

/**
 * Counts sequence-numbered messages end to end: which numbers arrived, how many arrived more than
 * once, and when the last one arrived. Payloads are {@link #payload(int)}. Thread-safe.
 */
final class Tally implements MessageHandler {
  private final int expected;
  private final BitSet seen = new BitSet();
  private int received;
  private int duplicates;
  private long lastArrivalNanos;

  Tally(int expected) {
    this.expected = expected;
  }

  static byte[] payload(int sequence) {
    return Integer.toString(sequence).getBytes(StandardCharsets.US_ASCII);
  }

  /** A payload of {@code size} bytes: the sequence number, a space, then padding. */
  static byte[] payload(int sequence, int size) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) 'x');
    byte[] number = (sequence + " ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(number, 0, bytes, 0, number.length);
    return bytes;
  }

  @Override
  public void onMessage(Message message) {
    String text = message.payloadAsString();
    int space = text.indexOf(' ');
    int sequence = Integer.parseInt(space < 0 ? text : text.substring(0, space));
    synchronized (this) {
      received++;
      if (seen.get(sequence)) {
        duplicates++;
      } else {
        seen.set(sequence);
      }
      lastArrivalNanos = System.nanoTime();
      notifyAll();
    }
  }

  synchronized int distinct() {
    return seen.cardinality();
  }

  synchronized int received() {
    return received;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized int lost() {
    return expected - seen.cardinality();
  }

  synchronized long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  /** Waits until every sequence number has arrived or {@code timeout} passes; true if all did. */
  synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
    return awaitDistinct(expected, timeout);
  }

  /** Waits until {@code count} distinct numbers have arrived; true if they did in time. */
  synchronized boolean awaitDistinct(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen.cardinality() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Waits for the first arrival after {@code sinceNanos}; the arrival time, or -1 on timeout. */
  synchronized long awaitArrivalAfter(long sinceNanos, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastArrivalNanos - sinceNanos <= 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return lastArrivalNanos;
  }

  /** How many of {@code numbers} never arrived. */
  synchronized int lostAmong(BitSet numbers) {
    BitSet missing = (BitSet) numbers.clone();
    missing.andNot(seen);
    return missing.cardinality();
  }

  /** The first missing sequence numbers, for failure messages. */
  synchronized String missingSample() {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = seen.nextClearBit(0); i < expected && shown < 10; i = seen.nextClearBit(i + 1)) {
      out.append(shown++ == 0 ? "" : ", ").append(i);
    }
    return out.toString();
  }
}
