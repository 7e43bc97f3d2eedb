package io.github.simplemqtt.broker.internal;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate program for the file-safety tests: {@code write FILE} rewrites FILE atomically in a
 * loop, each version large and self-checking, until killed; {@code lock DIR} holds the broker
 * directory's lock until killed.
 */
public final class Writer {
  static final int SIZE = 4 * 1024 * 1024;

  private Writer() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[1]);
    if (args[0].equals("lock")) {
      DirectoryLock.withLock(
          path,
          () -> {
            System.out.println("locked");
            System.out.flush();
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      return;
    }
    if (args[0].equals("kit")) {
      // Everything the kit writes, as the umask of the calling shell allows.
      var dir = BrokerDirectory.create(path, settings(), false);
      dir.setPassword("alice", "secret".toCharArray());
      dir.issueClient("carl", 30);
      dir.setAcl(AccessControlList.of(AclRule.forUser("alice", AclAccess.READWRITE, "#")));
      dir.revokeClient("carl");
      System.out.println("done");
      return;
    }
    if (args[0].equals("stage")) {
      // An init that stops mid-way, for a test to kill.
      BrokerDirectory.create(
          path,
          settings(),
          false,
          step -> {
            System.out.println("staging");
            System.out.flush();
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      return;
    }
    for (int version = 1; ; version++) {
      AtomicFiles.write(path, content(version), AtomicFiles.PRIVATE);
      if (version == 1) {
        System.out.println("writing");
        System.out.flush();
      }
    }
  }

  static BrokerSettings settings() {
    return BrokerSettings.builder().hosts(List.of("127.0.0.1")).bindAddress("127.0.0.1").build();
  }

  /** Version {@code n}: a header, {@link #SIZE} bytes of filler, and a trailer naming n. */
  static byte[] content(int version) {
    StringBuilder text =
        new StringBuilder(SIZE + 64).append("version ").append(version).append('\n');
    char fill = (char) ('a' + version % 26);
    text.append(String.valueOf(fill).repeat(SIZE)).append("\nend ").append(version).append('\n');
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code bytes} is one whole version. */
  static boolean isWhole(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.startsWith("version ")) {
      return false;
    }
    int version = Integer.parseInt(text.substring(8, text.indexOf('\n')));
    return text.equals(new String(content(version), StandardCharsets.US_ASCII));
  }

  static boolean isWhole(Path file) throws java.io.IOException {
    return isWhole(Files.readAllBytes(file));
  }
}
