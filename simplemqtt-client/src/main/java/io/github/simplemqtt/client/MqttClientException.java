package io.github.simplemqtt.client;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Base of every exception {@link MqttClient} throws. Unchecked: callers catch the subclass whose
 * cause they can act on.
 *
 * <ul>
 *   <li>{@link ConnectionException}: the broker cannot be reached, or the connection was lost.
 *   <li>{@link TlsException}: a certificate, key or TLS handshake problem, naming the file.
 *   <li>{@link BrokerRefusedException}: the broker answered and said no, with its reason.
 * </ul>
 *
 * <p>Messages are one or two sentences: what went wrong, and what to do about it. The two parts
 * also come apart, for a caller that presents them its own way: {@link #what()} and {@link #fix()}.
 * The message is {@code what} alone, or {@code what} and {@code fix} joined: {@code "what; fix"}
 * when the fix starts in lower case, {@code "what. Fix"} when it starts in upper case.
 */
public class MqttClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final @Nullable String fix;

  /**
   * Creates the exception; {@link #what()} is the whole message and there is no separate {@link
   * #fix()}.
   *
   * @param message what went wrong and what to do
   */
  public MqttClientException(String message) {
    this(message, (Throwable) null);
  }

  /**
   * Creates the exception with the failure that caused it; {@link #what()} is the whole message and
   * there is no separate {@link #fix()}.
   *
   * @param message what went wrong and what to do
   * @param cause the failure underneath, or null
   */
  public MqttClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.what = message == null ? "" : message; // tolerated, as Throwable tolerates it
    this.fix = null;
  }

  /**
   * Creates the exception from what went wrong and what to do, which make its message (see above).
   *
   * @param what what went wrong, without a final period when a fix follows
   * @param fix what to do, ending with a period; null when there is nothing to add
   * @param cause the failure underneath, or null
   */
  public MqttClientException(String what, @Nullable String fix, @Nullable Throwable cause) {
    super(message(what, fix));
    this.what = what;
    this.fix = fix;
    if (cause != null) {
      // Without a cause, as from the one-argument constructor, initCause(...) may still set one.
      initCause(cause);
    }
  }

  private static String message(String what, @Nullable String fix) {
    Objects.requireNonNull(what, "what");
    if (fix == null) {
      return what;
    }
    if (fix.isEmpty()) {
      throw new IllegalArgumentException("An empty fix: pass null when there is none.");
    }
    return what + (Character.isUpperCase(fix.charAt(0)) ? ". " : "; ") + fix;
  }

  /**
   * What went wrong: the message up to the fix (without the period or semicolon that joins them),
   * or the whole message when it has no separate fix.
   *
   * @return what went wrong, never null
   */
  public String what() {
    return what;
  }

  /**
   * What to do, as the message ends with it, when the message says so apart from what went wrong.
   *
   * @return what to do, or empty
   */
  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }
}
