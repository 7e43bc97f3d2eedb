package io.github.simplemqtt.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Counts pipelined publishes until their acknowledgements arrive, and remembers the first failure.
 * Every adapter uses it the same way, so its small cost is the same for all.
 */
final class InFlight {
  private static final long TIMEOUT_SECONDS = 120;

  private long pending;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  synchronized void begin() {
    pending++;
  }

  synchronized void end(@Nullable Throwable error) {
    if (error != null) {
      failure.compareAndSet(null, error);
    }
    if (--pending == 0) {
      notifyAll();
    }
  }

  /** Waits until nothing is pending; rethrows the first failure. */
  synchronized void awaitNone() throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(pending + " publishes still unacknowledged after 120 s");
      }
      wait(Math.max(1, left / 1_000_000));
    }
    Throwable error = failure.getAndSet(null);
    if (error != null) {
      throw new IllegalStateException("A publish failed: " + error, error);
    }
  }
}
