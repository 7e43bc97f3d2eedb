package io.github.simplemqtt.broker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * One writer at a time per broker directory: each change to the directory (users, certificates,
 * CRL, ACL) holds an exclusive lock on {@code <dir>/.simplemqtt.lock}. A second writer, in this
 * process or another, is refused at once with a message instead of interleaving its writes. The
 * operating system releases the lock when its holder exits, even when it is killed.
 */
public final class DirectoryLock {
  /** The lock file's name inside the broker directory. */
  public static final String FILE = ".simplemqtt.lock";

  private DirectoryLock() {}

  /**
   * Runs {@code change} holding the directory's lock.
   *
   * @throws IllegalStateException when another writer holds it
   */
  public static <T> T withLock(Path dir, Supplier<T> change) {
    Path file = dir.resolve(FILE);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another thread of this process
      }
      if (lock == null) {
        throw new IllegalStateException(
            "Another simplemqtt command is changing "
                + dir
                + " right now (it holds "
                + file
                + "); wait for it to finish, then try again.");
      }
      try {
        return change.get();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not lock " + file + " to change the broker directory: " + e.getMessage(), e);
    }
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
