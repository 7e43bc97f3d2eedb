package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.broker.process.LocalBroker;
import io.github.simplemqtt.broker.process.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test broker's life: a temporary folder, a broker directory made by the kit, the mosquitto
 * process; {@link #close()} stops it and deletes the folder. Kept in a JUnit store, which closes it
 * when the test, class or run that owns it ends.
 *
 * <p>Also a {@code CloseableResource}, deprecated since JUnit 5.13: JUnit before 5.13 closes only
 * those, and a user's project may run an older JUnit than ours; without it, a JVM-wide broker there
 * would outlive the run.
 */
@SuppressWarnings("deprecation")
final class TestBroker implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private static final Logger LOG = LoggerFactory.getLogger(TestBroker.class);
  private static final int START_ATTEMPTS = 3;

  private final Path temporaryFolder;
  private final MosquittoBroker broker;
  private boolean closed;

  private TestBroker(Path temporaryFolder, MosquittoBroker broker) {
    this.temporaryFolder = temporaryFolder;
    this.broker = broker;
  }

  /**
   * Makes and starts a broker as {@code spec} declares.
   *
   * @throws ExtensionConfigurationException when mosquitto is not installed, with the install
   *     command
   * @throws BrokerProcessException when mosquitto does not start for another reason
   */
  static TestBroker start(BrokerSpec spec) {
    requireMosquitto(spec.mosquittoExecutable());
    Path folder;
    try {
      folder = Files.createTempDirectory("simplemqtt-test-");
      // Mosquitto started as root runs as the 'mosquitto' user, which must enter this folder.
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary folder for the test broker", e);
    }
    try {
      BrokerProcessException lastPortClash = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        MosquittoBroker broker = create(spec, folder.resolve("broker-" + attempt));
        try {
          broker.start();
          LOG.info("Test broker running: {}", broker);
          return new TestBroker(folder, broker);
        } catch (BrokerProcessException e) {
          if (e.reason() == BrokerProcessException.Reason.NOT_INSTALLED) {
            throw new ExtensionConfigurationException(
                "The test broker needs a real mosquitto, and tests fail rather than skip without"
                    + " one: "
                    + e.getMessage(),
                e);
          }
          if (e.reason() != BrokerProcessException.Reason.PORT_IN_USE) {
            throw e;
          }
          // Another process took a free port between our pick and mosquitto's bind; pick again.
          lastPortClash = e;
        }
      }
      throw lastPortClash;
    } catch (RuntimeException e) {
      deleteRecursively(folder);
      throw e;
    }
  }

  /** Fails before any work is done, and without naming a folder that is about to go. */
  private static void requireMosquitto(@Nullable Path explicit) {
    String problem;
    if (explicit != null) {
      if (Files.isRegularFile(explicit) && Files.isExecutable(explicit)) {
        return;
      }
      problem =
          "the mosquitto executable "
              + explicit
              + " (set with mosquittoExecutable) does not exist or is not executable";
    } else {
      if (Mosquitto.find().isPresent()) {
        return;
      }
      problem =
          "mosquitto is not installed (it is not on the PATH nor in /usr/sbin, /usr/local/sbin or"
              + " /opt/homebrew/sbin)";
    }
    throw new ExtensionConfigurationException(
        "The test broker needs a real mosquitto, and tests fail rather than skip without one, but "
            + problem
            + ": "
            + Mosquitto.installHint()
            + ".");
  }

  private static MosquittoBroker create(BrokerSpec spec, Path dir) {
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(spec.tls() ? ports[1] : 0)
            .keyType(spec.keyType())
            .anonymous(spec.anonymous())
            .bindAddress("127.0.0.1")
            .saveOnEveryChange(spec.saveOnEveryChange())
            .maxPacketSize(spec.maxPacketSize())
            .build();
    BrokerDirectory directory = BrokerDirectory.create(dir, settings, false);
    spec.users().forEach((user, password) -> directory.setPassword(user, password.toCharArray()));
    if (!spec.aclRules().isEmpty()) {
      directory.setAcl(AccessControlList.of(spec.aclRules()));
    }
    Map<String, ClientBundle> bundles = new LinkedHashMap<>();
    for (String name : spec.certificates()) {
      bundles.put(name, directory.issueClient(name, 30));
    }
    LocalBroker.Builder process = LocalBroker.builder(dir);
    if (spec.mosquittoExecutable() != null) {
      process.mosquittoExecutable(spec.mosquittoExecutable());
    }
    return new MosquittoBroker(directory, process.build(), spec.users(), bundles);
  }

  MosquittoBroker broker() {
    return broker;
  }

  /** Starts the broker again if a test stopped or killed it, so each test begins with one. */
  synchronized void ensureRunning() {
    if (!closed && broker.process().status().state() != BrokerStatus.State.RUNNING) {
      LOG.info("Test broker was stopped by an earlier test; starting it again: {}", broker);
      broker.start();
    }
  }

  /** Stops the broker and deletes its folder; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      broker.stop();
    } finally {
      deleteRecursively(temporaryFolder);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the test broker folder {}: {}", dir, e.getMessage());
    }
  }
}
