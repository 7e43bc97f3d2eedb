package io.github.simplemqtt.broker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One writer at a time per broker directory: each change to the directory (users, certificates,
 * CRL, ACL) holds an exclusive lock on {@code <dir>/.simplemqtt.lock}. A second writer, in this
 * process or another, waits for the first (up to {@link #WAIT}) instead of interleaving its writes,
 * so commands started together all succeed one after the other. The operating system releases the
 * lock when its holder exits, even when it is killed.
 */
public final class DirectoryLock {
  /** The lock file's name inside the broker directory. */
  public static final String FILE = ".simplemqtt.lock";

  /** How long a writer waits for another to finish before giving up with a message. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  // A FileLock is held per process, not per thread (a second tryLock in the same JVM throws), so
  // threads of this process queue on an ordinary lock first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private DirectoryLock() {}

  /**
   * Runs {@code change} holding the directory's lock, waiting up to {@link #WAIT} for it.
   *
   * @throws IllegalStateException when another writer still holds it after that
   */
  public static <T> T withLock(Path dir, Supplier<T> change) {
    return withLock(dir, WAIT, change);
  }

  static <T> T withLock(Path dir, Duration wait, Supplier<T> change) {
    Path file = dir.toAbsolutePath().normalize().resolve(FILE);
    long deadline = System.nanoTime() + wait.toNanos();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock(true));
    try {
      if (!local.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw stillHeld(dir, file, wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to lock " + file + ".", e);
    }
    try (FileChannel channel = FileChannel.open(createLockFile(file), StandardOpenOption.WRITE)) {
      FileLock lock = awaitFileLock(channel, deadline);
      if (lock == null) {
        throw stillHeld(dir, file, wait);
      }
      try {
        return change.get();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not lock " + file + " to change the broker directory: " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  /** Creates the lock file rw-r--r-- (set, not left to the umask) unless it exists. */
  private static Path createLockFile(Path file) throws IOException {
    try {
      Files.createFile(file);
      Files.setPosixFilePermissions(file, AtomicFiles.PUBLIC);
    } catch (FileAlreadyExistsException e) {
      // another writer made it
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its defaults apply
    }
    return file;
  }

  /** Polls with a growing pause: FileChannel has no timed lock, and lock() could block forever. */
  private static @Nullable FileLock awaitFileLock(FileChannel channel, long deadline)
      throws IOException {
    long pauseMillis = 5;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        Thread.sleep(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the lock " + channel, e);
      }
      pauseMillis = Math.min(pauseMillis * 2, 200);
    }
  }

  private static IllegalStateException stillHeld(Path dir, Path file, Duration wait) {
    return new IllegalStateException(
        "Another simplemqtt command has been changing "
            + dir
            + " for over "
            + wait.toSeconds()
            + " seconds (it holds "
            + file
            + "); wait for it to finish, then try again.");
  }

  /** {@link #withLock(Path, Supplier)} for a change without a result. */
  public static void withLock(Path dir, Runnable change) {
    withLock(
        dir,
        () -> {
          change.run();
          return null;
        });
  }
}
