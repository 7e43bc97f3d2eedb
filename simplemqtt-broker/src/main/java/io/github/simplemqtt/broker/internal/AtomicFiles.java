package io.github.simplemqtt.broker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a crash) never sees half of one: the bytes go to a temporary
 * file in the same directory, created with the final permissions, forced to disk, then renamed over
 * the target in one step. Secrets are therefore never readable by others, not even briefly.
 *
 * <p>When the target already exists its owner is carried over to the new file. The local broker may
 * have been given files it reads (for example the password file, to the {@code mosquitto} user),
 * and replacing one must not take it back.
 */
public final class AtomicFiles {
  /** rw------- for private keys, the password file and anything else secret. */
  public static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");

  /** rw-r--r-- for certificates, configuration and other public files. */
  public static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");

  /** rwxr-xr-x for the folders the kit makes. */
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String STAGING = ".new-";

  private AtomicFiles() {}

  /** Writes {@code text} as UTF-8 with rw------- permissions. */
  public static void writePrivate(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8), PRIVATE);
  }

  /**
   * The directory {@code file} (made absolute) is in.
   *
   * @throws IllegalArgumentException when {@code file} is the root directory, which has none
   */
  public static Path parentOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException(
          file + " is the root directory; name a file or folder in it.");
    }
    return parent;
  }

  /** Writes {@code text} as UTF-8 with rw-r--r-- permissions. */
  public static void writePublic(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8), PUBLIC);
  }

  /**
   * Replaces {@code target} with {@code content} atomically, with the given permissions (ignored on
   * file systems without POSIX permissions). Parent directories are created when missing.
   *
   * @throws UncheckedIOException naming the file when it cannot be written; the old file is then
   *     left as it was
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
    Path dir = parentOf(target);
    Path temp = null;
    try {
      createDirectories(dir);
      removeLeftovers(dir, target.getFileName().toString());
      temp = createTemp(dir, target.getFileName().toString(), permissions);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        injectDiskFull();
        out.write(content);
        out.flush();
        channel.force(true);
      }
      copyOwner(target, temp);
      move(temp, target);
      temp = null;
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw new UncheckedIOException(
            "Could not write "
                + target
                + " because the disk is full; free some space, then run"
                + " the command again (nothing was changed).",
            e);
      }
      throw new UncheckedIOException("Could not write " + target + ": " + describe(e), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The temp file is hidden and named as ours; leaving it is harmless.
        }
      }
    }
  }

  // Test seam: the number of writes to let through before one fails as on a full disk; negative
  // means never. Package-private: only tests in this package set it.
  static final AtomicInteger writesBeforeDiskFull = new AtomicInteger(-1);

  private static void injectDiskFull() throws IOException {
    if (writesBeforeDiskFull.get() >= 0 && writesBeforeDiskFull.getAndDecrement() == 0) {
      throw new IOException("No space left on device");
    }
  }

  /**
   * Moves a finished {@code staging} folder to {@code target}, replacing an old one: the old folder
   * is moved aside first and put back if the move fails, so {@code target} is always either the old
   * folder or the new one, never a mix.
   */
  public static void replaceDirectory(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      if (old != null) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
    if (old != null) {
      deleteTree(old);
    }
  }

  /**
   * Deletes {@code dir} and everything in it, as far as it can: a hidden leftover folder is
   * harmless, and a folder something is still writing into is left for the user.
   */
  public static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException ignored) {
          // Something is still writing into it.
        }
      }
    } catch (IOException ignored) {
      // Best effort, see above.
    }
  }

  /**
   * Creates {@code dir} and its missing parents with mode rwxr-xr-x, set explicitly so that the
   * umask (even 000) never makes a folder of the kit group- or world-writable.
   */
  public static void createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    if (absolute.getParent() != null) {
      createDirectories(absolute.getParent());
    }
    try {
      Files.createDirectory(absolute);
    } catch (FileAlreadyExistsException e) {
      return; // made meanwhile by someone else, who chose its mode
    }
    if (Files.getFileStore(absolute).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(absolute, DIRECTORY);
    }
  }

  /**
   * Deletes temp files of {@code name} left by a writer that was killed mid-write (its pid, in the
   * temp file's name, is no longer running), so no half-written file stays behind.
   */
  private static void removeLeftovers(Path dir, String name) {
    String prefix = "." + name + ".";
    try (var entries = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
      for (Path leftover : entries) {
        String middle = leftover.getFileName().toString();
        middle = middle.substring(prefix.length(), middle.length() - ".tmp".length());
        // Not one of ours, or a live writer's (perhaps a concurrent one): left alone.
        if (writtenByExitedProcess(middle)) {
          Files.deleteIfExists(leftover);
        }
      }
    } catch (IOException e) {
      // Leftovers are hidden and harmless to the broker; try again next time.
    }
  }

  /**
   * Creates an empty staging folder {@code .NAME.new-PID-*} (mode 0700, whatever the umask) in
   * {@code parent} for a folder {@code name} that a command fills before moving it into place with
   * {@link #replaceDirectory}. Staging folders of commands that were killed meanwhile are deleted
   * first: they may hold private keys that nobody will use.
   */
  public static Path createStagingDirectory(Path parent, String name) throws IOException {
    removeStaleStaging(parent);
    return Files.createTempDirectory(
        parent, "." + name + STAGING + ProcessHandle.current().pid() + "-");
  }

  /**
   * Deletes the {@code .NAME.new-PID-*} staging folders in {@code parent} whose command no longer
   * runs (it was killed before it moved the folder into place).
   */
  public static void removeStaleStaging(Path parent) {
    try (Stream<Path> entries = Files.list(parent)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        int at = name.indexOf(STAGING);
        if (name.startsWith(".")
            && at > 0
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && writtenByExitedProcess(name.substring(at + STAGING.length()))) {
          deleteTree(entry);
        }
      }
    } catch (IOException e) {
      // Best effort: the next kit command tries again.
    }
  }

  /**
   * Whether {@code pidThenRest} ("PID" or "PID-anything", from a name this class gave) names a
   * process that no longer runs. Names that do not start with a pid are not ours: false.
   */
  private static boolean writtenByExitedProcess(String pidThenRest) {
    int dash = pidThenRest.indexOf('-');
    long pid;
    try {
      pid = Long.parseLong(dash < 0 ? pidThenRest : pidThenRest.substring(0, dash));
    } catch (NumberFormatException e) {
      return false;
    }
    return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Path createTemp(Path dir, String name, Set<PosixFilePermission> permissions)
      throws IOException {
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    for (int attempt = 0; ; attempt++) {
      byte[] suffix = new byte[6];
      RANDOM.nextBytes(suffix);
      Path temp =
          dir.resolve(
              "."
                  + name
                  + "."
                  + ProcessHandle.current().pid()
                  + "-"
                  + HexFormat.of().formatHex(suffix)
                  + ".tmp");
      try {
        if (posix) {
          FileAttribute<Set<PosixFilePermission>> mode =
              PosixFilePermissions.asFileAttribute(permissions);
          Files.createFile(temp, mode);
          // The umask may have narrowed the mode at creation; set it exactly.
          Files.setPosixFilePermissions(temp, permissions);
        } else {
          Files.createFile(temp);
        }
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 5) {
          throw e;
        }
      }
    }
  }

  private static void copyOwner(Path from, Path to) throws IOException {
    PosixFileAttributeView source =
        Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (source == null || !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    var attributes = source.readAttributes();
    PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    UserPrincipal owner = attributes.owner();
    if (!owner.equals(target.getOwner())) {
      try {
        target.setOwner(owner);
        target.setGroup(attributes.group());
      } catch (IOException e) {
        // Only root may give a file away; anyone else keeps their own ownership, as before.
      }
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
