package io.github.simplemqtt.client.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Each subscription has one,
 * so its handler sees messages in order while different subscriptions run in parallel and a slow
 * handler holds up only its own subscription.
 */
final class SerialExecutor implements Executor {
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;

  SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Runnable task;
      // Bounded batch so one busy subscription cannot monopolise a pool thread forever.
      for (int i = 0; i < 256 && (task = tasks.poll()) != null; i++) {
        task.run();
      }
    } finally {
      scheduled.set(false);
      schedule();
    }
  }
}
