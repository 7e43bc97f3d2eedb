package io.github.simplemqtt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for an {@link io.github.simplemqtt.client.MqttClient} already connected to the test broker
 * of {@link MosquittoTest} or {@link MosquittoExtension}, on a parameter or a field.
 *
 * <pre>{@code
 * @ConnectedClient(certificate = "device1") MqttClient device;   // mutual TLS as device1
 *
 * @Test
 * void test(@ConnectedClient(user = "alice") MqttClient alice) { ... }   // password login
 * }</pre>
 *
 * <p>With {@link #user()} the client logs in on the plain listener with that declared user's
 * password; with {@link #certificate()} it connects to the TLS listener with that declared
 * certificate; with neither, it connects anonymously (which needs {@code anonymous = true}).
 *
 * <p>A test method's parameter or an instance field gets a client for that test, closed after it; a
 * {@code @BeforeAll} parameter or a {@code static} field gets one for the test class, closed after
 * it (this needs a broker for the whole class: scope {@code CLASS} or {@code JVM}, or a static
 * {@code @RegisterExtension} field). Clients reconnect by themselves 50 ms after losing the broker,
 * doubling to at most 1 s, so fault tests ({@link MosquittoBroker#restart()}) see them back
 * quickly.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectedClient {

  /** A user declared with a password, to log in as; empty for none. */
  String user() default "";

  /** A declared client certificate, to connect over mutual TLS with; empty for none. */
  String certificate() default "";
}
