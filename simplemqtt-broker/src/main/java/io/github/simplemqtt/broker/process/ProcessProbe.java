package io.github.simplemqtt.broker.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Looks at processes by pid: liveness (zombies count as exited), identity, waiting for exit. */
final class ProcessProbe {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private ProcessProbe() {}

  /**
   * Whether the process still runs. The JDK counts a zombie (exited, not yet reaped by its parent)
   * as alive; a broker started by an earlier JVM is no child of ours and may linger as one, so on
   * Linux its state is read from /proc too.
   */
  static boolean isRunning(ProcessHandle process) {
    return process.isAlive() && !isZombie(process.pid());
  }

  private static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat, StandardCharsets.US_ASCII);
      // "pid (command) state ...": the command may itself contain ')' and spaces.
      int end = text.lastIndexOf(')');
      if (end < 0 || end + 2 >= text.length()) {
        return false;
      }
      char state = text.charAt(end + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      // No /proc (macOS) or the process is gone; isAlive() already answered.
      return false;
    }
  }

  /**
   * Waits until the process has exited, at most {@code timeout}. Wakes at once when the JDK sees
   * the exit (immediately for a child of this JVM) and otherwise re-checks with a short backoff.
   *
   * @return whether the process has exited
   */
  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (isRunning(process)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      if (waitFor(exit, Math.min(pause, left))) {
        return true;
      }
      pause = nextPause(pause);
    }
    // A zombie child of this JVM is reaped by the JDK's reaper thread a moment later; until then
    // ProcessHandle.isAlive() still says true, so a caller checking it right after would see the
    // killed broker alive (LocalBrokerIT did, under load).
    if (process.isAlive() && isChildOfThisJvm(process)) {
      waitFor(exit, Math.max(0, deadline - System.nanoTime()));
    }
    return true;
  }

  private static boolean isChildOfThisJvm(ProcessHandle process) {
    long self = ProcessHandle.current().pid();
    return process.parent().map(parent -> parent.pid() == self).orElse(false);
  }

  /**
   * Waits for {@code future} for at most {@code nanos}; the bounded pause of every polling loop
   * here, ended early by the process exiting.
   *
   * @return whether the future completed
   */
  static boolean waitFor(CompletableFuture<?> future, long nanos) {
    try {
      future.get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerProcessException(
          BrokerProcessException.Reason.INTERRUPTED,
          "Interrupted while waiting for mosquitto; its state is unknown, check it with status().",
          e);
    }
  }

  /** The next backoff pause after {@code pause}. */
  static long nextPause(long pause) {
    return Math.min(pause * 2, LONGEST_PAUSE_NANOS);
  }

  /** The first backoff pause. */
  static long firstPause() {
    return FIRST_PAUSE_NANOS;
  }

  /**
   * Why the process named by {@code pidFile} is not the mosquitto this kit started, or empty when
   * it is: a live process (not a zombie) with the recorded start time whose command line mentions
   * mosquitto. When the platform reports no command line, pid and start time alone decide.
   */
  static Optional<String> whyNotOurs(PidFile pidFile, Optional<ProcessHandle> found) {
    if (found.isEmpty() || !isRunning(found.get())) {
      return Optional.of("that process has exited");
    }
    ProcessHandle.Info info = found.get().info();
    Optional<Instant> actualStart = info.startInstant();
    if (pidFile.startedAt().isPresent()
        && actualStart.isPresent()
        && !pidFile.startedAt().get().equals(actualStart.get())) {
      return Optional.of(
          "the process now using that pid started at "
              + actualStart.get()
              + ", not at the recorded "
              + pidFile.startedAt().get());
    }
    Optional<String> command = describeCommand(info);
    if (command.isPresent() && !command.get().contains("mosquitto")) {
      return Optional.of("the process now using that pid is not mosquitto");
    }
    return Optional.empty();
  }

  private static Optional<String> describeCommand(ProcessHandle.Info info) {
    StringBuilder text = new StringBuilder();
    info.command().ifPresent(text::append);
    info.arguments().ifPresent(args -> text.append(' ').append(String.join(" ", args)));
    return text.length() == 0 ? Optional.empty() : Optional.of(text.toString());
  }
}
