package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.pki.KeyType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real, secured, throw-away Mosquitto, declared in one place: a
 * broker directory made by the kit in a temporary folder (PKI, users, ACL), mosquitto started on
 * free loopback ports, and everything stopped and deleted afterwards. No Docker, no mocks.
 *
 * <pre>{@code
 * @MosquittoTest(
 *     users = "alice:secret",
 *     certificates = "device1",
 *     acl = {"user alice", "topic read sensors/#", "user device1", "topic write sensors/device1/#"})
 * class SensorIT {
 *   @Test
 *   void readingArrives(
 *       @ConnectedClient(certificate = "device1") MqttClient device,
 *       @ConnectedClient(user = "alice") MqttClient dashboard,
 *       RecordingHandler received) { ... }
 * }
 * }</pre>
 *
 * <p>Test and lifecycle methods may declare {@link MosquittoBroker} (where it listens, client
 * bundles, and stop, kill, restart, reload for fault tests), {@link RecordingHandler} (a fresh one
 * per parameter) and {@link ConnectedClient @ConnectedClient} {@code MqttClient} parameters;
 * {@code @ConnectedClient} also works on fields. Every test starts with the broker running, even if
 * an earlier test stopped or killed it.
 *
 * <p>This annotation and {@link MosquittoExtension#builder()} declare the same things and share one
 * implementation; use the builder where values are computed at run time. When mosquitto is not
 * installed the tests fail with the command that installs it; they are never skipped.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MosquittoExtension.class)
public @interface MosquittoTest {

  /**
   * Password users as {@code "name:password"} (the name ends at the first colon), for example
   * {@code users = {"alice:secret", "bob:hunter2"}}.
   */
  String[] users() default {};

  /**
   * Client certificates to issue, by name: each gets {@code CN=name} (which the broker takes as the
   * user name) and a bundle in {@code clients/name/}.
   */
  String[] certificates() default {};

  /**
   * ACL rules as lines of mosquitto's acl_file, for example {@code {"user alice", "topic readwrite
   * sensors/#", "pattern read users/%u/#"}}. With any rule, clients may use only the topics the
   * rules grant; with none, every client may use every topic.
   */
  String[] acl() default {};

  /** Whether the plain listener admits clients without a user name; default false. */
  boolean anonymous() default false;

  /** Whether there is a mutual-TLS listener; default true. Without it the broker starts faster. */
  boolean tls() default true;

  /**
   * Whether the broker saves its state after every change instead of every 5 minutes and on a
   * graceful stop; turn it on when a test kills the broker and expects retained messages and
   * sessions to survive. Persistence itself is always on.
   */
  boolean saveOnEveryChange() default false;

  /**
   * The largest MQTT packet the broker accepts, in bytes (at least 20); 0, the default, for none.
   */
  int maxPacketSize() default 0;

  /** The PKI's key type; default EC (P-256), which is about ten times faster to make than RSA. */
  KeyType keyType() default KeyType.EC;

  /** How long the broker lives and who shares it; default {@link Scope#CLASS}. */
  Scope scope() default Scope.CLASS;

  /**
   * The mosquitto executable to run; empty, the default, looks on the {@code PATH} and in {@code
   * /usr/sbin}, {@code /usr/local/sbin} and {@code /opt/homebrew/sbin}.
   */
  String mosquittoExecutable() default "";

  /** How long a broker lives and who shares it. */
  enum Scope {
    /** A new broker for each test, stopped after it: for tests that damage the broker. */
    TEST,
    /** One broker for the test class (and its {@code @Nested} classes), stopped after it. */
    CLASS,
    /**
     * One broker for every test class in the run that declares the same broker, started by the
     * first and stopped when JUnit finishes. The classes share state (retained messages, users
     * added at run time), so each should use topics of its own.
     */
    JVM
  }
}
