package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.KeyType;
import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a real, secured, throw-away Mosquitto: a broker directory made by the kit in a
 * temporary folder (PKI, users, ACL as declared), mosquitto started on free loopback ports, and
 * everything stopped and deleted afterwards. No Docker, no mocks.
 *
 * <pre>{@code
 * class SensorTest {
 *   @RegisterExtension
 *   static MosquittoExtension mosquitto =
 *       MosquittoExtension.builder().user("alice", "secret").certificate("bob").build();
 *
 *   @Test
 *   void roundTrip(MosquittoBroker broker) {
 *     try (MQTTClient client = broker.tlsClient("bob").build()) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the broker lives for the test class; in an instance field, for each
 * test. Test methods may declare {@link MosquittoBroker} and {@link RecordingHandler} parameters.
 * When mosquitto is not installed the tests fail with the command that installs it; they are never
 * skipped.
 */
public final class MosquittoExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoExtension.class);
  private static final int START_ATTEMPTS = 3;

  private final Map<String, String> users;
  private final Set<String> certificates;
  private final List<AclRule> aclRules;
  private final boolean anonymous;
  private final boolean tls;
  private final boolean saveOnEveryChange;
  private final Integer maxPacketSize;
  private final KeyType keyType;

  private MosquittoBroker broker;
  private Path temporaryFolder;
  private boolean startedForClass;

  private MosquittoExtension(Builder builder) {
    this.users = Map.copyOf(builder.users);
    this.certificates = Set.copyOf(builder.certificates);
    this.aclRules = List.copyOf(builder.aclRules);
    this.anonymous = builder.anonymous;
    this.tls = builder.tls;
    this.saveOnEveryChange = builder.saveOnEveryChange;
    this.maxPacketSize = builder.maxPacketSize;
    this.keyType = builder.keyType;
  }

  /** Starts declaring a broker. */
  public static Builder builder() {
    return new Builder();
  }

  /** The running broker; available from {@code @BeforeAll} (static field) or each test. */
  public MosquittoBroker broker() {
    if (broker == null) {
      throw new IllegalStateException("The broker is not running; it starts before the tests.");
    }
    return broker;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    startedForClass = true;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (startedForClass) {
      stopAndDelete();
      startedForClass = false;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!startedForClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!startedForClass) {
      stopAndDelete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MosquittoBroker.class || type == RecordingHandler.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == MosquittoBroker.class) {
      return broker();
    }
    if (type == RecordingHandler.class) {
      return new RecordingHandler();
    }
    throw new ParameterResolutionException("Cannot supply " + type);
  }

  private void start() {
    try {
      temporaryFolder = Files.createTempDirectory("simplemqtt-test-");
      // Mosquitto started as root runs as the 'mosquitto' user, which must enter this folder.
      Files.setPosixFilePermissions(temporaryFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary folder for the test broker", e);
    }
    BrokerProcessException lastPortClash = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        broker = create(temporaryFolder.resolve("broker-" + attempt));
        broker.start();
        LOG.info("Test broker running: {}", broker);
        return;
      } catch (BrokerProcessException e) {
        if (e.reason() != BrokerProcessException.Reason.PORT_IN_USE) {
          stopAndDelete();
          throw e;
        }
        // Another process took a free port between our pick and mosquitto's bind; pick again.
        lastPortClash = e;
      }
    }
    stopAndDelete();
    throw lastPortClash;
  }

  private MosquittoBroker create(Path dir) {
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        new BrokerSettings(
            List.of("127.0.0.1"),
            ports[0],
            tls ? ports[1] : 0,
            keyType,
            anonymous,
            "127.0.0.1",
            saveOnEveryChange,
            maxPacketSize);
    BrokerDirectory directory = BrokerDirectory.create(dir, settings, false);
    users.forEach((user, password) -> directory.setPassword(user, password.toCharArray()));
    if (!aclRules.isEmpty()) {
      directory.setAcl(AccessControlList.of(aclRules));
    }
    Map<String, ClientBundle> bundles = new LinkedHashMap<>();
    for (String name : certificates) {
      bundles.put(name, directory.issueClient(name, 30));
    }
    return new MosquittoBroker(directory, users, bundles);
  }

  private void stopAndDelete() {
    try {
      if (broker != null) {
        broker.stop();
      }
    } finally {
      broker = null;
      if (temporaryFolder != null) {
        deleteRecursively(temporaryFolder);
        temporaryFolder = null;
      }
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

  /** Declares the test broker. */
  public static final class Builder {
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Set<String> certificates = new LinkedHashSet<>();
    private final List<AclRule> aclRules = new ArrayList<>();
    private boolean anonymous;
    private boolean tls = true;
    private boolean saveOnEveryChange;
    private Integer maxPacketSize;
    private KeyType keyType = KeyType.EC;

    private Builder() {}

    /** A user of the plain listener's password file. */
    public Builder user(String name, String password) {
      users.put(name, password);
      return this;
    }

    /** A client certificate with {@code CN=name}, issued into {@code clients/name/}. */
    public Builder certificate(String name) {
      certificates.add(name);
      return this;
    }

    /** An ACL rule; with any rule, users may use only the topics the rules grant. */
    public Builder acl(AclRule rule) {
      aclRules.add(rule);
      return this;
    }

    /** Whether the plain listener admits clients without a password; default false. */
    public Builder anonymous(boolean anonymous) {
      this.anonymous = anonymous;
      return this;
    }

    /** No mutual-TLS listener (faster start when a test needs none). */
    public Builder withoutTls() {
      this.tls = false;
      return this;
    }

    /** Persist the broker's state after every change, for crash tests. */
    public Builder saveOnEveryChange() {
      this.saveOnEveryChange = true;
      return this;
    }

    /** The largest MQTT packet the broker accepts, in bytes. */
    public Builder maxPacketSize(int bytes) {
      this.maxPacketSize = bytes;
      return this;
    }

    /** The PKI's key type; default EC (P-256). */
    public Builder keyType(KeyType keyType) {
      this.keyType = keyType;
      return this;
    }

    /** The extension, to put in a {@code @RegisterExtension} field. */
    public MosquittoExtension build() {
      return new MosquittoExtension(this);
    }
  }
}
