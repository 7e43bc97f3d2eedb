package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.pki.KeyType;
import io.github.simplemqtt.client.MqttClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a real, secured, throw-away Mosquitto: a broker directory made by the kit in a
 * temporary folder (PKI, users, ACL as declared), mosquitto started on free loopback ports, and
 * everything stopped and deleted afterwards. No Docker, no mocks.
 *
 * <p>Most tests declare it with {@link MosquittoTest @MosquittoTest}. The builder form here is the
 * same extension for values computed at run time:
 *
 * <pre>{@code
 * class SensorTest {
 *   @RegisterExtension
 *   static MosquittoExtension mosquitto =
 *       MosquittoExtension.builder().user("alice", "secret").certificate("bob").build();
 *
 *   @Test
 *   void roundTrip(MosquittoBroker broker) {
 *     try (MqttClient client = broker.tlsClient("bob").build()) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the broker lives for the test class; in an instance field, for each
 * test. Test and lifecycle methods may declare {@link MosquittoBroker}, {@link RecordingHandler}
 * and {@link ConnectedClient @ConnectedClient} {@code MqttClient} parameters, and {@code
 * ConnectedClient} fields are filled in too. Every test starts with the broker running, even if an
 * earlier test stopped or killed it. When mosquitto is not installed the tests fail with the
 * command that installs it; they are never skipped.
 *
 * <p>State lives in JUnit's extension stores, not in this object: a class-wide broker in the test
 * class's store, a per-test one in the test's, a {@link MosquittoTest.Scope#JVM JVM}-wide one in
 * the root store keyed by its declaration, and JUnit closes whatever a failed run leaves behind.
 */
public final class MosquittoExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MosquittoExtension.class);
  // The broker is on loopback, so a short backoff brings clients back fast after a fault test.
  private static final Duration RECONNECT_FIRST = Duration.ofMillis(50);
  private static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

  /** The builder's declaration; null when {@link MosquittoTest} registered this extension. */
  private final @Nullable BrokerSpec declared;

  private volatile @Nullable MosquittoBroker lastStarted;

  /** For {@link MosquittoTest}, which registers the extension with {@code @ExtendWith}. */
  private MosquittoExtension() {
    this.declared = null;
  }

  private MosquittoExtension(BrokerSpec declared) {
    this.declared = declared;
  }

  /** Starts declaring a broker. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The broker this extension (made with {@link #builder()}) started last; available from {@code
   * BeforeAll} (static field) or each test. A parameter of type {@link MosquittoBroker} is the
   * better way to reach it.
   */
  public MosquittoBroker broker() {
    MosquittoBroker broker = lastStarted;
    if (broker == null) {
      throw new IllegalStateException("The broker is not running; it starts before the tests.");
    }
    return broker;
  }

  /** Where a broker lives: its declaration and scope, also its key in the stores. */
  private record Key(BrokerSpec spec, MosquittoTest.Scope scope) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Key key = declared != null ? new Key(declared, MosquittoTest.Scope.CLASS) : annotated(context);
    TestBroker broker =
        switch (key.scope()) {
          case CLASS -> start(context, key);
          case JVM -> start(context.getRoot(), key);
          case TEST -> null;
        };
    Class<?> testClass = context.getRequiredTestClass();
    List<Field> staticFields = clientFields(testClass, true);
    if (staticFields.isEmpty()) {
      return;
    }
    if (broker == null) {
      throw new ExtensionConfigurationException(
          "The static @ConnectedClient field "
              + staticFields.get(0).getName()
              + " needs a broker for the whole class, but this one starts per test; make the"
              + " field an instance field.");
    }
    for (Field field : staticFields) {
      inject(field, null, broker.broker(), context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Key key = keyFor(context);
    TestBroker broker =
        key.scope() == MosquittoTest.Scope.TEST ? start(context, key) : find(context, key);
    broker.ensureRunning();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : clientFields(instance.getClass(), false)) {
        inject(field, instance, broker.broker(), context);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      closeClients(context);
    } finally {
      // Stopped here rather than when JUnit closes the test's store, so clients go first. Only a
      // per-test broker is in the test's own store (remove does not look at the parents).
      TestBroker broker = context.getStore(NAMESPACE).remove(keyFor(context), TestBroker.class);
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      closeClients(context);
    } finally {
      stopClassBroker(context);
    }
  }

  private void stopClassBroker(ExtensionContext context) {
    Key key;
    try {
      key = declared != null ? new Key(declared, MosquittoTest.Scope.CLASS) : annotated(context);
    } catch (ExtensionConfigurationException e) {
      return; // beforeAll has reported it; no broker was started
    }
    if (key.scope() == MosquittoTest.Scope.CLASS) {
      // Only in the class that started it: a @Nested class shares its outer class's broker.
      TestBroker broker = context.getStore(NAMESPACE).remove(key, TestBroker.class);
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.isAnnotated(ConnectedClient.class)) {
      return true;
    }
    Class<?> type = parameter.getParameter().getType();
    return type == MosquittoBroker.class || type == RecordingHandler.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Optional<ConnectedClient> connected = parameter.findAnnotation(ConnectedClient.class);
    if (connected.isPresent()) {
      String where = "parameter " + parameter.getParameter().getName();
      if (type != MqttClient.class) {
        throw new ParameterResolutionException(
            "@ConnectedClient " + where + " is a " + type.getName() + "; declare it MqttClient.");
      }
      try {
        return connect(connected.get(), where, brokerFor(context), context);
      } catch (ParameterResolutionException e) {
        throw e;
      } catch (RuntimeException e) {
        // JUnit would wrap it in a message naming only the parameter; ours says what to do.
        throw new ParameterResolutionException(e.getMessage(), e);
      }
    }
    if (type == MosquittoBroker.class) {
      return brokerFor(context);
    }
    if (type == RecordingHandler.class) {
      return new RecordingHandler();
    }
    throw new ParameterResolutionException("Cannot supply " + type);
  }

  private TestBroker start(ExtensionContext owner, Key key) {
    ExtensionContext.Store store = owner.getStore(NAMESPACE);
    TestBroker broker;
    if (key.scope() == MosquittoTest.Scope.JVM) {
      // Classes may run in parallel: the store makes sure one of them starts it. A failure is
      // remembered, so every class declaring this broker fails at once with the same message.
      broker = store.getOrComputeIfAbsent(key, k -> TestBroker.start(k.spec()), TestBroker.class);
    } else {
      // A @Nested class finds its outer class's broker here and shares it.
      broker = store.get(key, TestBroker.class);
      if (broker == null) {
        broker = TestBroker.start(key.spec());
        store.put(key, broker);
      }
    }
    if (declared != null) {
      lastStarted = broker.broker();
    }
    return broker;
  }

  private static TestBroker find(ExtensionContext context, Key key) {
    TestBroker broker = context.getStore(NAMESPACE).get(key, TestBroker.class);
    if (broker == null) {
      throw new ExtensionConfigurationException(
          "No test broker was started for "
              + context.getDisplayName()
              + "; its class's beforeAll did not run (is the extension registered twice?).");
    }
    return broker;
  }

  private MosquittoBroker brokerFor(ExtensionContext context) {
    Key key = keyFor(context);
    TestBroker broker = context.getStore(NAMESPACE).get(key, TestBroker.class);
    if (broker == null) {
      throw new ParameterResolutionException(
          "The test broker starts per test, so "
              + context.getDisplayName()
              + " cannot have it; ask for it in a test or @BeforeEach method, or give the broker"
              + " the whole class (a static @RegisterExtension field, or scope CLASS or JVM).");
    }
    return broker.broker();
  }

  /** This context's key: the declared scope, or for the builder, class-wide if one runs. */
  private Key keyFor(ExtensionContext context) {
    if (declared == null) {
      return annotated(context);
    }
    Key classWide = new Key(declared, MosquittoTest.Scope.CLASS);
    return context.getStore(NAMESPACE).get(classWide) != null
        ? classWide
        : new Key(declared, MosquittoTest.Scope.TEST);
  }

  private static Key annotated(ExtensionContext context) {
    // The nearest declaration wins: a @Nested class may declare a broker of its own.
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<MosquittoTest> test = AnnotationSupport.findAnnotation(type, MosquittoTest.class);
      if (test.isPresent()) {
        return new Key(BrokerSpec.of(test.get()), test.get().scope());
      }
    }
    throw new ExtensionConfigurationException(
        "MosquittoExtension found no @MosquittoTest on "
            + context.getRequiredTestClass().getName()
            + "; annotate the class with @MosquittoTest, or register the extension with"
            + " @RegisterExtension MosquittoExtension.builder()...build().");
  }

  private static List<Field> clientFields(Class<?> type, boolean statics) {
    return AnnotationSupport.findAnnotatedFields(
        type,
        ConnectedClient.class,
        field -> Modifier.isStatic(field.getModifiers()) == statics,
        HierarchyTraversalMode.TOP_DOWN);
  }

  private static void inject(
      Field field, @Nullable Object instance, MosquittoBroker broker, ExtensionContext context) {
    String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
    if (field.getType() != MqttClient.class) {
      throw new ExtensionConfigurationException(
          "@ConnectedClient "
              + where
              + " is a "
              + field.getType().getName()
              + "; declare it"
              + " MqttClient.");
    }
    if (Modifier.isFinal(field.getModifiers())) {
      throw new ExtensionConfigurationException(
          "@ConnectedClient " + where + " is final; remove 'final' so it can be filled in.");
    }
    MqttClient client = connect(field.getAnnotation(ConnectedClient.class), where, broker, context);
    try {
      field.setAccessible(true);
      field.set(instance, client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExtensionConfigurationException(
          "Could not fill in @ConnectedClient " + where + ": " + e.getMessage(), e);
    }
  }

  private static MqttClient connect(
      ConnectedClient wanted, String where, MosquittoBroker broker, ExtensionContext context) {
    String user = wanted.user();
    String certificate = wanted.certificate();
    if (!user.isEmpty() && !certificate.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@ConnectedClient "
              + where
              + " names both a user and a certificate; a client logs in one way, choose one.");
    }
    MqttClient.Builder builder;
    String how;
    if (!user.isEmpty()) {
      builder = broker.passwordClient(user);
      how = "user '" + user + "'";
    } else if (!certificate.isEmpty()) {
      builder = broker.tlsClient(certificate);
      how = "certificate '" + certificate + "'";
    } else {
      builder = broker.anonymousClient();
      how = "no user (anonymous)";
    }
    MqttClient client = builder.reconnectDelay(RECONNECT_FIRST, RECONNECT_MAX).build();
    clients(context).add(client);
    try {
      client.connect();
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          "@ConnectedClient " + where + " could not connect with " + how + ": " + e.getMessage(),
          e);
    }
    return client;
  }

  private static Clients clients(ExtensionContext context) {
    // Keyed per context: a test's clients must not land in its class's list, found by inheritance.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(clientsKey(context), k -> new Clients(), Clients.class);
  }

  private static void closeClients(ExtensionContext context) {
    Clients clients = context.getStore(NAMESPACE).remove(clientsKey(context), Clients.class);
    if (clients != null) {
      clients.close();
    }
  }

  private static String clientsKey(ExtensionContext context) {
    return "clients " + context.getUniqueId();
  }

  /** The clients connected for one test or class; closed after it, newest first. */
  private static final class Clients implements AutoCloseable {
    private final List<MqttClient> clients = new ArrayList<>();

    synchronized void add(MqttClient client) {
      clients.add(client);
    }

    @Override
    public synchronized void close() {
      for (int i = clients.size() - 1; i >= 0; i--) {
        try {
          clients.get(i).close();
        } catch (RuntimeException e) {
          LOG.warn("Could not close a test client: {}", e.getMessage());
        }
      }
      clients.clear();
    }
  }

  /** Declares the test broker; the same choices as the attributes of {@link MosquittoTest}. */
  public static final class Builder {
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Set<String> certificates = new LinkedHashSet<>();
    private final List<AclRule> aclRules = new ArrayList<>();
    private boolean anonymous;
    private boolean tls = true;
    private boolean saveOnEveryChange;
    private @Nullable Integer maxPacketSize;
    private KeyType keyType = KeyType.EC;
    private @Nullable Path mosquittoExecutable;

    private Builder() {}

    /** A user of the plain listener's password file. */
    public Builder user(String name, String password) {
      users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
      return this;
    }

    /** A client certificate with {@code CN=name}, issued into {@code clients/name/}. */
    public Builder certificate(String name) {
      certificates.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** An ACL rule; with any rule, users may use only the topics the rules grant. */
    public Builder acl(AclRule rule) {
      aclRules.add(Objects.requireNonNull(rule, "rule"));
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

    /** The largest MQTT packet the broker accepts, in bytes (at least 20). */
    public Builder maxPacketSize(int bytes) {
      if (bytes < 20) {
        throw new IllegalArgumentException(
            "maxPacketSize must be at least 20 bytes (mosquitto's smallest), not " + bytes + ".");
      }
      this.maxPacketSize = bytes;
      return this;
    }

    /** The PKI's key type; default EC (P-256). */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /**
     * The mosquitto executable to run instead of looking on the {@code PATH} and in {@code
     * /usr/sbin}, {@code /usr/local/sbin} and {@code /opt/homebrew/sbin}.
     */
    public Builder mosquittoExecutable(Path executable) {
      this.mosquittoExecutable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /** The extension, to put in a {@code @RegisterExtension} field. */
    public MosquittoExtension build() {
      return new MosquittoExtension(spec());
    }

    BrokerSpec spec() {
      return new BrokerSpec(
          users,
          certificates,
          aclRules,
          anonymous,
          tls,
          saveOnEveryChange,
          maxPacketSize,
          keyType,
          mosquittoExecutable);
    }
  }
}
