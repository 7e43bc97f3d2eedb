package io.github.simplemqtt.testing;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MessageHandler} that records what it receives, so tests wait for messages instead of
 * sleeping. Thread-safe.
 *
 * <pre>{@code
 * RecordingHandler received = new RecordingHandler();
 * client.subscribe("sensors/#", 1, received);
 * client.publish("sensors/temp", "21.5", 1, false);
 * assertThat(received.take(Duration.ofSeconds(5)).payloadAsString()).isEqualTo("21.5");
 * }</pre>
 */
public final class RecordingHandler implements MessageHandler {
  private final BlockingQueue<Message> unread = new LinkedBlockingQueue<>();
  private final List<Message> all = new ArrayList<>();

  /** A handler that has recorded nothing yet. */
  public RecordingHandler() {}

  @Override
  public void onMessage(Message message) {
    synchronized (all) {
      all.add(message);
      all.notifyAll();
    }
    unread.add(message);
  }

  /**
   * The next message not yet taken, waiting up to {@code timeout}.
   *
   * @throws AssertionError when none arrives in time
   */
  public Message take(Duration timeout) {
    try {
      Message message = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("No message arrived within " + timeout.toMillis() + " ms.");
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a message.", e);
    }
  }

  /**
   * Waits until at least {@code count} messages have arrived in all, and returns them all.
   *
   * @throws AssertionError when fewer arrive within {@code timeout}
   */
  public List<Message> awaitCount(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (all) {
      while (all.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "Expected "
                  + count
                  + " messages within "
                  + timeout.toMillis()
                  + " ms, got "
                  + all.size()
                  + ".");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(all, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("Interrupted while waiting for messages.", e);
        }
      }
      return List.copyOf(all);
    }
  }

  /** Every message received so far, in order. */
  public List<Message> messages() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Whether no message is waiting to be taken right now (does not wait). */
  public boolean isEmpty() {
    return unread.isEmpty();
  }
}
