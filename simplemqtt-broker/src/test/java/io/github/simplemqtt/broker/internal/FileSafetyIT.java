package io.github.simplemqtt.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files survive their writers: a writer killed with SIGKILL mid-write leaves the old or the new
 * file, never a half-written one; a second writer to a broker directory waits for the first,
 * whether it is another thread or another process, and gives up with a sentence only after {@link
 * DirectoryLock#WAIT}.
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
  void secondWriterInAnotherProcessWaitsForTheFirstThenSucceeds() throws Exception {
    BrokerDirectory dir = directory();
    dir.setPassword("alice", "first".toCharArray());
    Process holder = start("lock", dir.path().toString());
    awaitLine(holder, "locked");

    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> dir.setPassword("bob", "second".toCharArray()));
    // While the other process holds the lock, nothing is written.
    assertThat(waiting).isNotDone();
    assertThat(dir.users()).containsExactly("alice");

    holder
        .destroyForcibly()
        .waitFor(10, TimeUnit.SECONDS); // the OS releases a killed holder's lock
    waiting.get(20, TimeUnit.SECONDS);
    assertThat(dir.users()).containsExactly("alice", "bob");
  }

  @Test
  void writerGivesUpWithASentenceWhenTheLockStaysHeld() throws Exception {
    BrokerDirectory dir = directory();
    dir.setPassword("alice", "first".toCharArray());
    byte[] before = Files.readAllBytes(dir.passwordFile());
    Process holder = start("lock", dir.path().toString());
    awaitLine(holder, "locked");

    assertThatThrownBy(() -> dir.issueClient("carol", 30))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Another simplemqtt command has been changing " + dir.path())
        .hasMessageContaining("for over 10 seconds")
        .hasMessageContaining("wait for it to finish");
    assertThat(Files.readAllBytes(dir.passwordFile())).isEqualTo(before);
    assertThat(dir.clientDirectory("carol")).doesNotExist();
  }

  @Test
  void twentyParallelUserAddsAllSucceed() throws Exception {
    BrokerDirectory dir = directory();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> adds = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String user = "user" + i;
        adds.add(
            pool.submit(
                () -> {
                  go.await();
                  dir.setPassword(user, ("pw-" + user).toCharArray());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> add : adds) {
        add.get(60, TimeUnit.SECONDS); // throws if any add failed
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(BrokerDirectory.open(dir.path()).users())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(i -> "user" + i).toList());
  }

  @Test
  void underUmask000EverythingTheKitWritesHasExplicitModes() throws Exception {
    Path dir = temp.resolve("broker");
    List<String> java = javaCommand("kit", dir.toString());
    String line = String.join(" ", java.stream().map(a -> "'" + a + "'").toList());
    Process kit =
        new ProcessBuilder("sh", "-c", "umask 000; exec " + line).redirectErrorStream(true).start();
    started.add(kit);
    awaitLine(kit, "done");
    assertThat(kit.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Set<PosixFilePermission> widestDirectory = PosixFilePermissions.fromString("rwxr-xr-x");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        String name = p.getFileName().toString();
        assertThat(mode)
            .as("%s is writable by group or others: %s", p, mode)
            .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          assertThat(widestDirectory).as("%s", p).containsAll(mode);
        } else if (name.endsWith(".key") || name.equals(".passwords")) {
          assertThat(mode).as("%s", p).isEqualTo(AtomicFiles.PRIVATE);
        }
      }
    }
    assertThat(dir.resolve("clients/carl/client.key")).isRegularFile();
  }

  @Test
  void aKilledInitLeavesA0700StagingFolderThatTheNextKitCommandRemoves() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("parent"));
    BrokerDirectory neighbour =
        BrokerDirectory.create(parent.resolve("other"), settingsFor(), false);
    Process init = start("stage", parent.resolve("broker").toString());
    awaitLine(init, "staging");
    List<Path> staging;
    try (Stream<Path> entries = Files.list(parent)) {
      staging = entries.filter(p -> p.getFileName().toString().startsWith(".broker.new-")).toList();
    }
    assertThat(staging).hasSize(1);
    assertThat(Files.getPosixFilePermissions(staging.get(0)))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    init.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-init
    assertThat(staging.get(0)).exists();

    BrokerDirectory.open(neighbour.path()); // any kit command on that parent
    assertThat(staging.get(0)).doesNotExist();
    assertThat(parent.resolve("broker")).doesNotExist();
  }

  @Test
  void aKilledCertClientsStagingFolderIsRemovedByTheNextKitCommandAndALiveOneIsKept()
      throws Exception {
    BrokerDirectory dir = directory();
    Process killed = new ProcessBuilder("true").start();
    killed.waitFor(10, TimeUnit.SECONDS);
    Path clients = dir.path().resolve("clients");
    // What a cert client killed while writing bob's bundle leaves: a staging folder named by the
    // kit (.NAME.new-PID-*) holding a private key.
    Path dead = Files.createDirectory(clients.resolve(".bob.new-" + killed.pid() + "-1234"));
    Files.writeString(dead.resolve("client.key"), "a private key");
    Path live =
        Files.createDirectory(
            clients.resolve(".eve.new-" + ProcessHandle.current().pid() + "-5678"));

    BrokerDirectory.open(dir.path()); // any kit command on the directory
    assertThat(dead).doesNotExist();
    assertThat(live).as("a running cert client's staging folder").exists();

    dir.issueClient("carl", 30); // and cert client itself, in the folder it writes to
    try (Stream<Path> entries = Files.list(clients)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("carl", live.getFileName().toString());
    }
  }

  private static BrokerSettings settingsFor() {
    return Writer.settings();
  }

  private BrokerDirectory directory() {
    BrokerSettings settings =
        BrokerSettings.builder().hosts(List.of("127.0.0.1")).bindAddress("127.0.0.1").build();
    return BrokerDirectory.create(temp.resolve("broker"), settings, false);
  }

  private Process start(String... args) throws IOException {
    Process process = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).start();
    started.add(process);
    return process;
  }

  private static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Writer.class.getName());
    command.addAll(List.of(args));
    return command;
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
