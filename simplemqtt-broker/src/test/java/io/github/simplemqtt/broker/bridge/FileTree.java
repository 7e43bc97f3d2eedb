package io.github.simplemqtt.broker.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file and folder under a directory with its permissions and bytes, to show nothing changed.
 */
final class FileTree {
  private FileTree() {}

  static Map<String, String> of(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    if (!Files.exists(dir)) {
      return entries;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        String mode =
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        String name = dir.relativize(path).toString();
        entries.put(
            name + (Files.isDirectory(path) ? "/" : ""),
            Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                ? mode + " sha256 " + sha256(Files.readAllBytes(path))
                : mode);
      }
    }
    return entries;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
