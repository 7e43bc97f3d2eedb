package io.github.simplemqtt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bench payloads: printable ASCII, no newline (so mosquitto_pub -l and mosquitto_sub carry them as
 * lines), starting with a 10-digit sequence number and a 19-digit {@link System#nanoTime()} stamp,
 * padded with 'x' to the requested size. The subscriber reads the sequence number to count loss and
 * duplicates exactly, and the stamp to measure latency within this JVM.
 */
final class Payloads {
  /** Sequence number, a space, the time stamp, a space. */
  static final int HEADER = 10 + 1 + 19 + 1;

  private Payloads() {}

  static byte[] make(long sequence, long nanos, int size) {
    byte[] payload = new byte[Math.max(size, HEADER)];
    Arrays.fill(payload, (byte) 'x');
    byte[] header =
        String.format("%010d %019d ", sequence, nanos).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, payload, 0, HEADER);
    return payload;
  }

  /** The sequence number, or -1 when the payload is not a bench message (a probe). */
  static long sequence(byte[] payload) {
    return payload.length < HEADER ? -1 : digits(payload, 0, 10);
  }

  static long nanos(byte[] payload) {
    return digits(payload, 11, 19);
  }

  private static long digits(byte[] payload, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = payload[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
