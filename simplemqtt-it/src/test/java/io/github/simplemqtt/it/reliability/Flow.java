package io.github.simplemqtt.it.reliability;

import io.github.simplemqtt.client.MqttClient;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes {@code count} sequence-numbered messages from a background thread with {@code
 * publishAsync}, and counts how the futures end.
 */
final class Flow {
  private final MqttClient publisher;
  private final String topic;
  private final int qos;
  private final int count;
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final BitSet ackedSet = new BitSet();
  private final Thread sender;
  private volatile Throwable firstFailure;

  /** With {@link #aheadOfAtMost}: the subscriber's tally the sender keeps pace with, or null. */
  private Tally receiver;

  private int window;

  Flow(MqttClient publisher, String topic, int qos, int count) {
    this.publisher = publisher;
    this.topic = topic;
    this.qos = qos;
    this.count = count;
    this.sender = new Thread(this::send, "flow-" + topic);
    sender.setDaemon(true);
  }

  /**
   * Keeps the sender at most {@code window} messages ahead of what {@code receiver} has seen. The
   * kit's broker queues at most 10,000 messages per client (max_queued_messages) and drops the rest
   * ("Outgoing messages are being dropped for client ..."): an unpaced publisher once got 13,000
   * ahead of a subscriber slowed by cuts, and the broker dropped 3,063 messages, a loss no client
   * can prevent. A wait that ends without progress stops the pacing, so a stalled receiver shows up
   * as a stall in the test, not as a sender that never finishes.
   */
  Flow aheadOfAtMost(int window, Tally receiver) {
    this.window = window;
    this.receiver = receiver;
    return this;
  }

  Flow start() {
    sender.start();
    return this;
  }

  private void send() {
    Tally pace = receiver;
    for (int i = 0; i < count; i++) {
      int sequence = i;
      if (pace != null && i >= window) {
        try {
          if (!pace.awaitDistinct(i - window + 1, Duration.ofSeconds(60))) {
            pace = null;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      CompletableFuture<Void> ack;
      try {
        ack = publisher.publishAsync(topic, Tally.payload(i), qos, false);
      } catch (RuntimeException e) {
        ack = CompletableFuture.failedFuture(e);
      }
      ack.whenComplete(
          (ok, failure) -> {
            if (failure == null) {
              synchronized (ackedSet) {
                ackedSet.set(sequence);
              }
              acknowledged.incrementAndGet();
            } else {
              if (firstFailure == null) {
                firstFailure = failure;
              }
              failed.incrementAndGet();
            }
            synchronized (completed) {
              completed.incrementAndGet();
              completed.notifyAll();
            }
          });
    }
  }

  /** Waits until every publish future has completed; true if all did in time. */
  boolean awaitCompleted(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (completed) {
      while (completed.get() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(completed, left);
      }
    }
    return true;
  }

  /** The sequence numbers acknowledged so far. */
  BitSet ackedSoFar() {
    synchronized (ackedSet) {
      return (BitSet) ackedSet.clone();
    }
  }

  int acknowledged() {
    return acknowledged.get();
  }

  int failed() {
    return failed.get();
  }

  Throwable firstFailure() {
    return firstFailure;
  }
}
