package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After {@code close()}, no thread of ours or of HiveMQ's keeps the JVM alive: a program that
 * closes its client ends on its own, whether the client was connected, never connected or
 * reconnecting. Each case runs in a child JVM whose main returns without System.exit.
 */
// A separate thread, so the timeout also ends a test blocked reading a silent child's output.
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JvmExitIT {
  /** Generous for a loaded machine; a JVM kept alive by a thread never exits at all. */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(20);

  @RegisterExtension
  MosquittoExtension mosquitto = MosquittoExtension.builder().user("alice", "pw").build();

  @Test
  void exitsAfterClosingAClientThatNeverConnected() throws Exception {
    try (Child child = Child.start("never", "127.0.0.1", FreePorts.pick())) {
      child.awaitLine("closed");
      child.assertExitsOnItsOwn();
    }
  }

  @Test
  void exitsAfterClosingAConnectedClient(MosquittoBroker broker) throws Exception {
    try (Child child = Child.start("connected", broker.host(), broker.port())) {
      child.awaitLine("closed");
      child.assertExitsOnItsOwn();
    }
  }

  @Test
  void exitsAfterClosingAReconnectingClient(MosquittoBroker broker) throws Exception {
    try (Child child = Child.start("reconnecting", broker.host(), broker.port())) {
      child.awaitLine("connected");
      broker.kill();
      child.awaitLine("closed");
      child.assertExitsOnItsOwn();
    }
  }

  /** The child program: builds a client, brings it into the asked state, closes it, returns. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    CountDownLatch disconnected = new CountDownLatch(1);
    MqttClient client =
        MqttClient.builder()
            .broker(args[1], Integer.parseInt(args[2]))
            .credentials("alice", "pw")
            .connectTimeout(Duration.ofSeconds(2))
            .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
            .connectionListener(
                new ConnectionListener() {
                  @Override
                  public void disconnected(MqttClientException cause, boolean reconnecting) {
                    disconnected.countDown();
                  }
                })
            .build();
    try {
      client.connect();
      System.out.println("connected");
    } catch (MqttClientException e) {
      System.out.println("connect failed");
    }
    if (mode.equals("reconnecting")) {
      if (!disconnected.await(60, TimeUnit.SECONDS)) {
        System.out.println("never saw the broker go");
      }
    }
    client.close();
    System.out.println("closed");
  }

  private static final class Child implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final StringBuilder seen = new StringBuilder();

    private Child(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Child start(String mode, String host, int port) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  JvmExitIT.class.getName(),
                  mode,
                  host,
                  Integer.toString(port))
              // Only our lines on stdout; the child's log goes to the test's output.
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      return new Child(process);
    }

    /** Reads the child's output until {@code expected}; the class timeout bounds the wait. */
    void awaitLine(String expected) throws Exception {
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.equals(expected)) {
          return;
        }
      }
      throw new AssertionError("The child ended before printing '" + expected + "':\n" + seen);
    }

    void assertExitsOnItsOwn() throws Exception {
      // Keep reading so a child logging a lot never blocks on a full pipe.
      Thread drain =
          new Thread(
              () -> {
                try {
                  out.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException ignored) {
                  // the child is gone
                }
              });
      drain.setDaemon(true);
      drain.start();
      boolean exited = process.waitFor(EXIT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      String threads = exited ? "" : threadDump(process);
      assertThat(exited)
          .as(
              "the child JVM is still alive %s after close(); its threads:%n%s",
              EXIT_WITHIN, threads)
          .isTrue();
      assertThat(process.exitValue()).isZero();
    }

    /** The child's non-daemon threads, to name the one that keeps it alive. */
    private static String threadDump(Process process) throws Exception {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      Process dump =
          new ProcessBuilder(jcmd, Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      dump.waitFor(30, TimeUnit.SECONDS);
      StringBuilder nonDaemon = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.startsWith("\"") && !line.contains(" daemon ")) {
          nonDaemon.append(line).append('\n');
        }
      }
      return nonDaemon.toString();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
