package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandlerThreadsTest {

  @Test
  void tasksRunOnNamedDaemonThreadsOfTheClient() throws Exception {
    HandlerThreads threads = new HandlerThreads("sensor-1");
    try {
      CompletableFuture<Thread> ran = new CompletableFuture<>();

      threads.execute(() -> ran.complete(Thread.currentThread()));

      Thread thread = ran.get(10, TimeUnit.SECONDS);
      assertThat(thread.getName()).isEqualTo("simplemqtt-sensor-1-handler-1");
      assertThat(thread.isDaemon()).as("a handler thread never keeps the JVM alive").isTrue();
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void afterShutdownARunningTaskFinishesNewOnesAreRefusedAndTheThreadEnds() throws Exception {
    HandlerThreads threads = new HandlerThreads("sensor-2");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> finished = new CompletableFuture<>();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    threads.execute(
        () -> {
          thread.complete(Thread.currentThread());
          started.countDown();
          try {
            finished.complete(release.await(10, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            finished.complete(false);
          }
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    threads.shutdown();
    release.countDown();

    assertThat(finished.get(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("The client sensor-2 is closed.");
    // An idle pool thread would otherwise linger for a minute after the client closed.
    Thread handler = thread.get(10, TimeUnit.SECONDS);
    handler.join(10_000);
    assertThat(handler.isAlive()).isFalse();
  }

  @Test
  void aClientThatNeverRanAHandlerShutsDownWithoutAPool() {
    HandlerThreads threads = new HandlerThreads("sensor-3");

    threads.shutdown();

    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
