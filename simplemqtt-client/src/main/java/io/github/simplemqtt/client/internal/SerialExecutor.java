package io.github.simplemqtt.client.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Each subscription has one,
 * so its handler sees messages in order while different subscriptions run in parallel and a slow
 * handler holds up only its own subscription.
 */
final class SerialExecutor implements Executor {
  private static final AtomicIntegerFieldUpdater<SerialExecutor> SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(SerialExecutor.class, "scheduled");

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /**
   * 1 while a drain is scheduled or running; a field, not an AtomicBoolean: one each per handler.
   */
  private volatile int scheduled;

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
    if (!tasks.isEmpty() && SCHEDULED.compareAndSet(this, 0, 1)) {
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
      scheduled = 0;
      schedule();
    }
  }
}
