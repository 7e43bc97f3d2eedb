package io.github.simplemqtt.it.brokers;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.MqttClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * HiveMQ Community Edition, embedded in the test JVM, in its strict profile: packets of at most
 * {@link #MAX_PACKET} bytes, receive maximum 2, topic alias maximum 2. One instance per JVM (HiveMQ
 * keeps JVM-wide state), started on first use on a free 127.0.0.1 port in a temp folder, stopped
 * when the JVM ends. It cannot start again once stopped (its metrics stay registered in the JVM).
 */
final class HiveMqCe {
  static final int MAX_PACKET = 1024;
  private static HiveMqCe instance;

  private final int port;
  private final Path home;
  private final EmbeddedHiveMQ hivemq;

  private HiveMqCe() throws IOException {
    home = Files.createTempDirectory("hivemq-ce-");
    Path conf = Files.createDirectories(home.resolve("conf"));
    port = FreePorts.pick();
    Files.writeString(conf.resolve("config.xml"), config(port));
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(home.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
            .withEmbeddedExtension(allowAll())
            .build();
    start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "hivemq-ce-stop"));
  }

  /** The JVM's broker, started on first use. */
  static synchronized HiveMqCe get() {
    if (instance == null) {
      try {
        instance = new HiveMqCe();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  MqttClient.Builder client() {
    return MqttClient.builder().broker("127.0.0.1", port);
  }

  private void start() {
    join(hivemq.start());
  }

  private void close() {
    try {
      hivemq.close();
    } catch (Exception e) {
      // The JVM is ending; nothing is left to tell.
    }
    // Each test JVM's broker left 8 MB in /tmp otherwise.
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // As above: best effort at exit.
    }
  }

  private static void join(java.util.concurrent.CompletableFuture<Void> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("HiveMQ CE did not start or stop: " + e, e);
    }
  }

  private static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <packets><max-packet-size>%d</max-packet-size></packets>
            <receive-maximum><server-receive-maximum>2</server-receive-maximum></receive-maximum>
            <topic-alias><enabled>true</enabled><max-per-client>2</max-per-client></topic-alias>
          </mqtt>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, MAX_PACKET);
  }

  // HiveMQ refuses every client until an extension authenticates them.
  private static EmbeddedExtension allowAll() {
    return EmbeddedExtension.builder()
        .withId("simplemqtt-allow-all")
        .withName("allow all")
        .withVersion("1")
        .withPriority(0)
        .withStartPriority(0)
        .withAuthor("simplemqtt tests")
        .withExtensionMain(
            new ExtensionMain() {
              @Override
              public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                SimpleAuthenticator allow = (input, output) -> output.authenticateSuccessfully();
                Services.securityRegistry().setAuthenticatorProvider(input -> allow);
              }

              @Override
              public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
            })
        .build();
  }
}
