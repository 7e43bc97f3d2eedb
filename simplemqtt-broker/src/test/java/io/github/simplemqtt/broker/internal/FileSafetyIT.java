package io.github.simplemqtt.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files survive their writers: a writer killed with SIGKILL mid-write leaves the old or the new
 * file, never a half-written one; a second writer to a broker directory is refused, whether it is
 * another thread or another process.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileSafetyIT {
  @TempDir Path temp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatWeStarted() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void writerKilledMidWriteLeavesAWholeFile() throws Exception {
    Path file = temp.resolve("config/.passwords");
    for (int kill = 0; kill < 5; kill++) {
      Process writer = start("write", file.toString());
      awaitLine(writer, "writing");
      Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400)); // a random moment mid-loop
      writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
      assertThat(Writer.isWhole(file))
          .as("after kill %d the file is one whole version", kill)
          .isTrue();
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AtomicFiles.PRIVATE);
    }
    // The next write removes what killed writers left in temp files.
    AtomicFiles.write(file, Writer.content(0), AtomicFiles.PRIVATE);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".passwords");
    }
  }

  @Test
  void secondWriterInAnotherProcessIsRefusedAndChangesNothing() throws Exception {
    BrokerDirectory dir = directory();
    dir.setPassword("alice", "first".toCharArray());
    byte[] before = Files.readAllBytes(dir.passwordFile());
    Process holder = start("lock", dir.path().toString());
    awaitLine(holder, "locked");

    assertThatThrownBy(() -> dir.setPassword("bob", "second".toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Another simplemqtt command is changing " + dir.path())
        .hasMessageContaining("wait for it to finish");
    assertThatThrownBy(() -> dir.issueClient("carol", 30))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readAllBytes(dir.passwordFile())).isEqualTo(before);
    assertThat(dir.clientDirectory("carol")).doesNotExist();

    holder
        .destroyForcibly()
        .waitFor(10, TimeUnit.SECONDS); // the OS releases a killed holder's lock
    dir.setPassword("bob", "second".toCharArray());
    assertThat(dir.users()).containsExactly("alice", "bob");
  }

  @Test
  void secondWriterInThisProcessIsRefused() throws Exception {
    BrokerDirectory dir = directory();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread first =
        new Thread(
            () ->
                DirectoryLock.withLock(
                    dir.path(),
                    () -> {
                      holding.countDown();
                      try {
                        done.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    first.start();
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      assertThatThrownBy(() -> dir.removeUser("nobody"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Another simplemqtt command");
    } finally {
      done.countDown();
      first.join(10_000);
    }
    assertThat(dir.removeUser("nobody")).isFalse(); // free again
  }

  private BrokerDirectory directory() {
    BrokerSettings settings =
        new BrokerSettings(
            List.of("127.0.0.1"), 1883, 8883, KeyType.EC, false, "127.0.0.1", false, null);
    return BrokerDirectory.create(temp.resolve("broker"), settings, false);
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Writer.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(process);
    return process;
  }

  private static void awaitLine(Process process, String expected) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError("The helper process ended without printing '" + expected + "'.");
  }
}
