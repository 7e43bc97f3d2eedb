package io.github.simplemqtt.broker;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.pki.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The folder {@code ca/} holding the root and signing CA keys, apart from {@code certs/}: the
 * broker (and the Docker container, which mounts {@code certs/}) never needs them, and a broker
 * that could read them could issue itself any identity.
 */
final class CaKeys {
  /** The key folder, relative to the broker directory. */
  static final String FOLDER = "ca";

  /** What the kit says once when it moved the keys of an older directory. */
  static final String MOVED_NOTICE =
      "Moved the CA keys from certs/ to ca/ so the broker cannot read them.";

  private CaKeys() {}

  /**
   * Moves CA keys that an older kit left in {@code certs/} into {@code ca/} (0700, keys 0600),
   * telling {@code notices} once when it moved any. Each key is written to its new place first and
   * only then deleted from the old one, so a crash in between leaves a directory the next command
   * opens and finishes migrating.
   *
   * @throws IllegalStateException when a key sits in both folders with different contents
   */
  static void migrate(Path dir, Consumer<String> notices) {
    Path certs = dir.resolve("certs");
    Path ca = dir.resolve(FOLDER);
    boolean moved = false;
    try {
      for (String name : Pki.CA_KEY_FILES) {
        Path old = certs.resolve(name);
        if (!Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (!Files.isReadable(old) || !Files.isWritable(certs)) {
          // Someone other than the owner (say `broker status` on a root-owned directory): leave
          // the move to the owner rather than fail a command that needs no key.
          notices.accept(
              "The CA keys are still in "
                  + certs
                  + ", where the broker can reach them; run a kit command as the directory's"
                  + " owner to move them to "
                  + ca
                  + ".");
          return;
        }
        byte[] key = Files.readAllBytes(old);
        Path target = ca.resolve(name);
        createFolder(ca);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          if (!Arrays.equals(Files.readAllBytes(target), key)) {
            throw new IllegalStateException(
                old
                    + " and "
                    + target
                    + " hold different keys; keep the one that belongs to certs/"
                    + name.replace(".key", ".crt")
                    + " in "
                    + ca
                    + " and move the other away.");
          }
        } else {
          AtomicFiles.write(target, key, AtomicFiles.PRIVATE);
        }
        Files.deleteIfExists(old);
        moved = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not move the CA keys of " + dir + " into " + ca + ": " + e.getMessage(), e);
    }
    if (moved) {
      notices.accept(MOVED_NOTICE);
    }
  }

  /** Creates {@code ca} with mode 0700 when missing. */
  static void createFolder(Path ca) throws IOException {
    if (!Files.isDirectory(ca)) {
      Files.createDirectories(ca);
      Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
