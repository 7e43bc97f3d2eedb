package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.broker.process.LocalBroker;
import io.github.simplemqtt.broker.process.RunningBroker;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code simplemqtt quickstart}: the whole job end to end on a throw-away local broker, with a
 * transcript of each step.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Shows the whole job on a throw-away broker in a temporary directory: creates a PKI and"
          + " config, adds a password user and a client certificate, starts mosquitto on two free"
          + " loopback ports, sends a message with a password and one with mutual TLS, then stops"
          + " the broker and deletes everything.",
      "Exit code 0 when every step worked."
    },
    footer = {"", "Example:", "  simplemqtt quickstart"})
final class QuickstartCommand implements Callable<Integer> {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // set first thing in call(), under which all else runs
  private PrintWriter out;

  private boolean tty;

  /** One step of the transcript. */
  @FunctionalInterface
  private interface Step<T> {
    T run() throws Exception;
  }

  /** One step of the transcript that gives nothing back. */
  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    tty = System.console() != null;
    Path temp = Files.createTempDirectory("simplemqtt-quickstart-");
    LocalBroker broker = null;
    // Ctrl-C skips the finally below: a shutdown hook then stops the broker and deletes the
    // directory, which holds the CA keys.
    AtomicReference<LocalBroker> toStop = new AtomicReference<>();
    Thread cleanup =
        new Thread(
            () -> {
              try {
                LocalBroker running = toStop.get();
                if (running != null) {
                  running.stop();
                }
              } finally {
                deleteRecursively(temp);
              }
            },
            "simplemqtt-quickstart-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      // Temp directories are 0700; mosquitto started as root runs as user mosquitto.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      int[] ports = FreePorts.pick(2);
      Path dir = temp.resolve("mosquitto");
      BrokerDirectory directory =
          step(
              "created broker directory " + dir + " (PKI, config, password file)",
              () ->
                  BrokerDirectory.create(
                      dir,
                      BrokerSettings.builder()
                          .hosts(List.of("127.0.0.1"))
                          .port(ports[0])
                          .tlsPort(ports[1])
                          .bindAddress("127.0.0.1")
                          .build(),
                      false));
      char[] password = randomPassword();
      perform(
          "added password user alice (random password)",
          () -> {
            directory.setPassword("alice", password);
          });
      ClientBundle bob =
          step(
              "issued client certificate bob (clients/bob/: chain.crt, client.crt, client.key)",
              () -> directory.issueClient("bob", 90));
      broker = directory.broker();
      toStop.set(broker);
      LocalBroker started = broker;
      RunningBroker running =
          step(
              "started mosquitto on 127.0.0.1: port "
                  + ports[0]
                  + " (password), port "
                  + ports[1]
                  + " (mutual TLS)",
              started::start);
      BlockingQueue<Message> received = new LinkedBlockingQueue<>();
      try (MqttClient alice =
          MqttClient.builder()
              .broker("127.0.0.1", ports[0])
              .credentials("alice", password)
              .clientId("quickstart-alice")
              .connectTimeout(WAIT)
              .build()) {
        perform(
            "alice connected with her password and subscribed to quickstart/#",
            () -> {
              alice.connect();
              alice.subscribe("quickstart/#", 1, received::add);
            });
        step(
            "alice published to quickstart/password and received it",
            () -> {
              alice.publish("quickstart/password", "hello from alice", 1, false);
              return expect(received, "quickstart/password");
            });
        step(
            "bob connected with his client certificate (mutual TLS), published to quickstart/tls;"
                + " alice received it",
            () -> {
              try (MqttClient tls =
                  MqttClient.builder()
                      .broker("127.0.0.1", ports[1])
                      .tls(bob.chainFile(), bob.certificateFile(), bob.keyFile())
                      .clientId("quickstart-bob")
                      .connectTimeout(WAIT)
                      .build()) {
                tls.connect();
                tls.publish("quickstart/tls", "hello from bob", 1, false);
              }
              return expect(received, "quickstart/tls");
            });
      }
      StringWriter table = new StringWriter();
      perform(
          "listed the certificates (simplemqtt cert list):",
          () -> {
            try (PrintWriter writer = new PrintWriter(table)) {
              CertTable.print(directory.pki().list(), writer);
            }
          });
      table.toString().lines().forEach(line -> out.println("      " + line));
      perform(
          "stopped mosquitto (pid " + running.pid() + ")",
          () -> {
            started.stop();
          });
      broker = null;
    } finally {
      try {
        if (broker != null) {
          broker.stop();
        }
      } finally {
        deleteRecursively(temp);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to; it finds nothing left to do
        }
      }
    }
    mark(true, "deleted " + temp);
    out.println();
    out.println("Everything worked. To set up your own broker:");
    out.println("  " + Main.commandName() + " init ./mosquitto --host <your IP>");
    out.println("  " + Main.commandName() + " user add alice --dir ./mosquitto");
    out.println("  " + Main.commandName() + " cert client bob --dir ./mosquitto");
    out.println("  " + Main.commandName() + " broker start --dir ./mosquitto");
    out.println("  " + Main.commandName() + " pub --dir ./mosquitto --as bob -t test -m hello");
    out.flush();
    return 0;
  }

  private void perform(String description, Action action) throws Exception {
    step(
        description,
        () -> {
          action.run();
          return Boolean.TRUE;
        });
  }

  private <T> T step(String description, Step<T> step) throws Exception {
    T result;
    try {
      result = step.run();
    } catch (Exception e) {
      mark(false, description);
      throw e;
    }
    mark(true, description);
    return result;
  }

  private void mark(boolean ok, String description) {
    String word = tty ? (ok ? "✓" : "✗") : (ok ? "ok" : "FAILED");
    out.println(word + " " + description);
    out.flush();
  }

  private static Message expect(BlockingQueue<Message> received, String topic)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Message message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message == null) {
        throw new CliFailure(
            "No message on " + topic + " arrived within " + WAIT.toSeconds() + " s.");
      }
      if (message.topic().equals(topic)) {
        return message;
      }
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + root, e);
    }
  }
}
