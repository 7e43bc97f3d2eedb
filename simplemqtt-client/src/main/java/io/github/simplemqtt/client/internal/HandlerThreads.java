package io.github.simplemqtt.client.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A client's own threads for handlers and listeners: a cached pool of daemon threads, made on the
 * first task. A client that only publishes never needs one, and a pool costs a few hundred bytes
 * even before its first thread.
 */
final class HandlerThreads implements Executor {
  private final String clientId;
  private @Nullable ExecutorService pool;
  private boolean shutDown;

  HandlerThreads(String clientId) {
    this.clientId = clientId;
  }

  @Override
  public void execute(Runnable task) {
    pool().execute(task);
  }

  private synchronized ExecutorService pool() {
    if (shutDown) {
      throw new RejectedExecutionException("The client " + clientId + " is closed.");
    }
    if (pool == null) {
      pool = Executors.newCachedThreadPool(daemonThreads(clientId));
    }
    return pool;
  }

  /** Lets running tasks finish and refuses new ones, as {@link ExecutorService#shutdown()}. */
  synchronized void shutdown() {
    shutDown = true;
    if (pool != null) {
      pool.shutdown();
    }
  }

  private static ThreadFactory daemonThreads(String clientId) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "simplemqtt-" + clientId + "-handler-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
