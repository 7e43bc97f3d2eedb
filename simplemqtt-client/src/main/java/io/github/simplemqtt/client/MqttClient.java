package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.ClientConfig;
import io.github.simplemqtt.client.internal.ClientCore;
import io.github.simplemqtt.client.internal.ClientIds;
import io.github.simplemqtt.client.internal.Counters;
import io.github.simplemqtt.client.internal.Requests;
import io.github.simplemqtt.client.internal.Servers;
import io.github.simplemqtt.client.internal.Topics;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An MQTT client for a Mosquitto broker: anonymous, with a user name and password, or with mutual
 * TLS straight from PEM files.
 *
 * <pre>{@code
 * try (MqttClient client = MqttClient.builder()
 *         .broker("192.168.1.103", 8883)
 *         .tls(Path.of("chain.crt"), Path.of("client.crt"), Path.of("client.key"))
 *         .build()) {
 *     client.connect();
 *     client.subscribe("sensors/#", 1, message -> log(message.topic(), message.payloadAsString()));
 *     client.publish("sensors/temp", "21.5", 1, false);
 * }
 * }</pre>
 *
 * <p><b>Sessions and reconnects.</b> By default the first {@link #connect()} starts a fresh session
 * that the broker keeps for {@link Builder#sessionExpiry(Duration) one hour} after a connection
 * drops. When the connection is lost the client reconnects by itself with exponential backoff and
 * resumes that session, so subscriptions and unacknowledged QoS 1 and 2 messages carry over; if the
 * broker lost the session (for example it restarted without persistence), the client subscribes
 * again and re-sends the messages it had not acknowledged (one it had acknowledged and then lost is
 * gone; only the broker's persistence keeps those). {@link #close()} ends the session unless you
 * chose {@link Builder#cleanStart(boolean) cleanStart(false)} to keep it across restarts of your
 * program. MQTT 3.1.1 behaves the same: there the session lasts until {@link #close()} (3.1.1 has
 * no session expiry), see {@link Builder#cleanStart(boolean)}. Measured behaviour under faults:
 * RELIABILITY.md in the repository.
 *
 * <p><b>Threads.</b> All methods are thread-safe. Handlers and listeners run on the handler
 * executor, never on the network thread. Futures from {@code publishAsync} complete on the common
 * {@link java.util.concurrent.ForkJoinPool}, so what you chain to them cannot stall the network.
 */
public final class MqttClient implements AutoCloseable {
  private final ClientCore core;

  /** The reply topic asked for, or null for the default; see {@link #requests()}. */
  private final @Nullable String replyTopic;

  /** Made at the first request or respond: most clients never need its map (heap per client). */
  private volatile @Nullable Requests requests;

  private MqttClient(ClientConfig config, @Nullable String replyTopic) {
    this.core = new ClientCore(config);
    this.replyTopic = replyTopic;
  }

  private Requests requests() {
    Requests made = requests;
    if (made == null) {
      synchronized (this) {
        made = requests;
        if (made == null) {
          made =
              new Requests(
                  core, replyTopic != null ? replyTopic : "replies/" + core.config().clientId());
          requests = made;
        }
      }
    }
    return made;
  }

  /** Starts building a client. */
  public static Builder builder() {
    return new Builder();
  }

  /** The client identifier sent to the broker, generated when none was given. */
  public String clientId() {
    return core.config().clientId();
  }

  /**
   * The MQTT version this client speaks: the one it was built with, or {@link MqttVersion#V3_1_1}
   * once {@link Builder#fallbackToMqtt311(boolean) fallbackToMqtt311} found at {@code connect()}
   * that the broker refuses MQTT 5 (it stays there, reconnects included). A {@link
   * ConnectionListener} can ask it in {@code connected(...)}.
   */
  public MqttVersion mqttVersion() {
    return core.mqttVersion();
  }

  /** Whether the client is connected right now. */
  public boolean isConnected() {
    return core.isConnected();
  }

  /**
   * The broker this client is connected to, as {@code host:port} ({@code [ipv6]:port}), or empty
   * while it is not connected. With {@link Builder#brokers(String...)} it tells which one failover
   * picked; a {@link ConnectionListener} can ask it in {@code connected(...)}.
   */
  public Optional<String> connectedTo() {
    return core.connectedTo();
  }

  /**
   * Connects and waits until the broker accepts (CONNACK) or the connection fails. Does nothing
   * when already connected.
   *
   * @throws ConnectionException when the broker cannot be reached or does not answer in time
   * @throws TlsException when the TLS handshake fails (untrusted server, wrong name, rejected
   *     client certificate)
   * @throws BrokerRefusedException when the broker refuses, for example a wrong password
   */
  public void connect() {
    core.connect();
  }

  /**
   * Connects, and while the broker cannot be reached or is not ready yet keeps trying with the
   * reconnect back-off for up to {@code waitUpTo}: for a service that may start before its broker
   * (boot, Compose start order). Each different cause is logged once as a warning. A refusal that
   * waiting cannot fix (a wrong password, a rejected certificate, a TLS failure) is thrown at once;
   * on giving up, the last failure is thrown. {@link #close()} from another thread ends the wait.
   *
   * <pre>{@code
   * client.connect(Duration.ofMinutes(2));
   * }</pre>
   *
   * @throws ConnectionException when the broker could not be reached within {@code waitUpTo}
   * @throws TlsException when the TLS handshake fails
   * @throws BrokerRefusedException when the broker refuses for a reason waiting cannot fix, or
   *     still refuses (for example as unavailable) when the wait ends
   */
  public void connect(Duration waitUpTo) {
    core.connect(waitUpTo);
  }

  /**
   * Publishes a UTF-8 text message and waits until the broker has acknowledged it at {@code qos}
   * (for QoS 0: until it was written to the network).
   *
   * @throws IllegalArgumentException for an empty topic, a wildcard in it, or QoS outside 0..2
   * @throws ConnectionException when no acknowledgement arrives within the publish timeout
   * @throws BrokerRefusedException when the broker refuses the message; also when it closed the
   *     connection twice right after it (an MQTT 3.1.1 broker's way with a packet too large for it
   *     or a QoS it does not support): that message alone fails, and the client reconnects with a
   *     fresh session so that it is not sent again (see RELIABILITY.md for what that costs)
   */
  public void publish(String topic, String payload, int qos, boolean retain) {
    publish(topic, utf8(payload), qos, retain);
  }

  /**
   * Publishes bytes and waits for the acknowledgement; see {@link #publish(String, String, int,
   * boolean)}.
   */
  public void publish(String topic, byte[] payload, int qos, boolean retain) {
    core.publish(topic, payload, qos, retain, MessageProperties.NONE);
  }

  /**
   * Publishes a message with its MQTT 5 properties and waits for the acknowledgement; see {@link
   * #publish(String, String, int, boolean)}.
   *
   * <pre>{@code
   * client.publish(Message.builder("sensors/t").payload("21.5").qos(1).userProperty("unit", "C").build());
   * }</pre>
   *
   * @throws IllegalArgumentException also when the message has properties and the client connects
   *     with MQTT 3.1.1, which cannot carry them
   */
  public void publish(Message message) {
    core.publish(
        message.topic(),
        message.payload(),
        message.qos(),
        message.retained(),
        message.properties(),
        true); // payload() returned a fresh copy: not copied again
  }

  /**
   * Publishes without waiting: the future completes when the broker has acknowledged the message,
   * or fails with a {@link MqttClientException}. Keeps many messages in flight, for throughput. At
   * most {@link Builder#maxPendingPublishes(int)} messages wait for acknowledgement at once; beyond
   * that this call waits for room, up to the publish timeout, then fails the future.
   *
   * @throws IllegalArgumentException for an invalid topic or QoS, before anything is sent
   */
  public CompletableFuture<Void> publishAsync(
      String topic, byte[] payload, int qos, boolean retain) {
    return core.publishAsync(topic, payload, qos, retain, MessageProperties.NONE);
  }

  /**
   * Publishes a message with its MQTT 5 properties without waiting; see {@link
   * #publishAsync(String, byte[], int, boolean)} and {@link #publish(Message)}.
   */
  public CompletableFuture<Void> publishAsync(Message message) {
    return core.publishAsyncOwned(
        message.topic(),
        message.payload(),
        message.qos(),
        message.retained(),
        message.properties());
  }

  /** Text variant of {@link #publishAsync(String, byte[], int, boolean)}. */
  public CompletableFuture<Void> publishAsync(
      String topic, String payload, int qos, boolean retain) {
    return core.publishAsync(topic, utf8(payload), qos, retain, MessageProperties.NONE);
  }

  /**
   * Subscribes to a topic filter and waits for the broker to confirm. {@code handler} receives
   * every message whose topic matches the filter, wildcards {@code +} and {@code #} included; when
   * filters overlap, each subscription gets the message once. Subscribing again to the same filter
   * replaces its handler.
   *
   * <p>The broker may grant a lower QoS than asked (for example one configured with {@code max_qos
   * 1}); messages then arrive at most at the granted QoS. The client logs one warning when that
   * happens, and returns the granted QoS so the caller can decide.
   *
   * <p>Before the first {@link #connect()}, the subscription is registered and returns the QoS
   * asked at once; {@code connect()} sends it (and throws if the broker refuses it), so that a
   * resumed session's first messages find their handler.
   *
   * @return the QoS the broker granted: 0, 1 or 2, at most {@code qos}
   * @throws IllegalArgumentException for an invalid filter (such as {@code a/#/b}) or QoS
   * @throws BrokerRefusedException when the broker refuses, for example because of its ACL
   */
  public int subscribe(String filter, int qos, MessageHandler handler) {
    return core.subscribe(filter, qos, handler);
  }

  /**
   * Subscribes with MQTT 5's subscription options: no-local, retain-as-published and retain
   * handling; see {@link #subscribe(String, int, MessageHandler)} for the rest.
   *
   * <pre>{@code
   * client.subscribe("chat/room", SubscribeOptions.qos(1).noLocal(true), handler);
   * }</pre>
   *
   * @throws IllegalArgumentException also for an option other than the QoS on an MQTT 3.1.1 client,
   *     and for no-local on a shared subscription
   */
  public int subscribe(String filter, SubscribeOptions options, MessageHandler handler) {
    return core.subscribe(filter, options, handler);
  }

  /**
   * Sends a request and waits for its reply (MQTT 5 request/response): publishes {@code payload} to
   * {@code topic} at QoS 1 with this client's reply topic and fresh correlation data, and returns
   * the reply that carries them back. The reply topic ({@code replies/} + the client id unless
   * {@link Builder#replyTopic(String)} says otherwise) is subscribed at the first request and
   * survives reconnects, so a reply sent while the connection was down still arrives.
   *
   * <pre>{@code
   * String time = client.request("rpc/time", "", Duration.ofSeconds(5)).payloadAsString();
   * }</pre>
   *
   * @throws MqttClientException when no reply comes within {@code timeout}, in words
   * @throws BrokerRefusedException when the broker refuses the request or the reply topic
   * @throws IllegalArgumentException on an MQTT 3.1.1 client, which has no response topics
   */
  public Message request(String topic, String payload, Duration timeout) {
    return request(Message.builder(topic).payload(payload).qos(1).build(), timeout);
  }

  /**
   * Sends {@code request} (its topic, payload, QoS and properties; the response topic and
   * correlation data are set here) and waits for the reply; see {@link #request(String, String,
   * Duration)}.
   */
  public Message request(Message request, Duration timeout) {
    try {
      return requests().request(request, timeout).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        failure.addSuppressed(new Exception("Waited for the reply here"));
        throw failure;
      }
      throw e;
    }
  }

  /**
   * Sends {@code request} without waiting: the future completes with the reply, or fails after
   * {@code timeout}; see {@link #request(String, String, Duration)}.
   */
  public CompletableFuture<Message> requestAsync(Message request, Duration timeout) {
    return requests().request(request, timeout);
  }

  /**
   * Answers requests: subscribes to {@code filter}, and for each message that carries a response
   * topic publishes the responder's reply there, with the request's correlation data and QoS.
   * Messages without a response topic are ignored. The responder runs like a {@link
   * MessageHandler}, one request at a time per subscription.
   *
   * <pre>{@code
   * client.respond("rpc/time", 1, Responder.text(request -> Instant.now().toString()));
   * }</pre>
   *
   * @return the QoS the broker granted
   * @throws IllegalArgumentException on an MQTT 3.1.1 client
   */
  public int respond(String filter, int qos, Responder responder) {
    return requests().respond(filter, qos, responder);
  }

  /**
   * What this client has done since it was built (published, acknowledged, failed, delivered,
   * dropped and why, reconnects) and its state now, as a snapshot.
   */
  public ClientMetrics metrics() {
    Counters.Snapshot snapshot = core.metrics();
    return new ClientMetrics(
        snapshot.counts(),
        ClientMetrics.State.valueOf(snapshot.state()),
        snapshot.lastDisconnectCause());
  }

  /**
   * How many QoS 0 messages this client has dropped since it was built because a handler had {@link
   * Builder#maxQueuedBytesPerSubscription} bytes waiting already; 0 while every handler keeps up.
   */
  public long droppedQos0Messages() {
    return core.droppedQos0Messages();
  }

  /** Ends a subscription and waits for the broker to confirm. */
  public void unsubscribe(String filter) {
    core.unsubscribe(filter);
  }

  /** Disconnects and releases the client's threads. Safe to call more than once. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "MqttClient[" + core.config() + "]";
  }

  private static byte[] utf8(String payload) {
    return Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Collects the settings of an {@link MqttClient}. Each setter checks its value at once. Not
   * thread-safe; {@link #build()} copies everything, so the built client is immutable.
   */
  public static final class Builder {
    // Shared by every builder: a Duration is immutable, and a client holds what it was given.
    private static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    private static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofMillis(250);
    private static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(30);
    private static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private String host = "localhost";
    private @Nullable Integer port;

    /**
     * From brokers(...): the addresses as given, parsed at build() (the default port needs TLS).
     */
    private @Nullable List<String> brokers;

    private boolean shuffleBrokers;
    private @Nullable String clientId;
    private @Nullable String username;
    private byte @Nullable [] password;
    private @Nullable Path chainFile;
    private @Nullable Path certFile;
    private @Nullable Path keyFile;
    private char @Nullable [] keyPassphrase;
    private boolean trustAnyServer;
    private MqttVersion version = MqttVersion.V5;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private boolean cleanStart = true;
    private @Nullable String replyTopic;
    private @Nullable Integer receiveMaximum;
    private boolean fallbackToMqtt311;
    private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
    private @Nullable LastWill will;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private boolean automaticReconnect = true;
    private Duration reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
    private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
    private int maxPendingPublishes = 10_000;
    private int maxQueuedPerSubscription = 1_000;
    private long maxQueuedBytesPerSubscription = 16L << 20;
    private @Nullable Executor handlerExecutor;
    private boolean republishRecent;
    private final List<ConnectionListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The broker's host name or IP address (IPv6 without brackets) and port. Default {@code
     * localhost}, port 1883, or 8883 with TLS.
     */
    public Builder broker(String host, int port) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("Broker host must not be empty.");
      }
      checkPort(port);
      this.host =
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      this.port = port;
      this.brokers = null;
      return this;
    }

    /**
     * Several brokers, for failover: {@code brokers("10.0.0.1:8883", "broker2.lan",
     * "[fd00::3]:8883")}. Each is {@code host}, {@code host:port}, {@code [ipv6]} or {@code
     * [ipv6]:port}; without a port, 1883, or 8883 with TLS. {@code connect()} tries them in this
     * order (see {@link #shuffleBrokers()}) until one accepts; a lost connection reconnects to the
     * next, and each failed reconnect moves on again, the same client keeping its subscriptions and
     * in-flight messages. With TLS, each broker's certificate must name the host it is reached by.
     * A broker that does not share the session (two independent Mosquittos, say) starts a new one:
     * the client then subscribes again there and tells its {@link ConnectionListener}. Replaces
     * {@link #broker(String, int)}.
     *
     * @throws IllegalArgumentException for an empty list or an address that cannot be read
     */
    public Builder brokers(String... addresses) {
      if (addresses == null || addresses.length == 0) {
        throw new IllegalArgumentException("brokers(...) needs at least one address.");
      }
      for (String address : addresses) {
        Servers.parse(address, 1883); // checks it now; the real default port is known at build()
      }
      this.brokers = List.of(addresses);
      return this;
    }

    /**
     * With {@link #brokers(String...)}: tries the brokers in a random order, drawn once when the
     * client is built, so that many clients spread over them.
     */
    public Builder shuffleBrokers() {
      this.shuffleBrokers = true;
      return this;
    }

    /**
     * The client identifier. Optional: without one the client generates a unique readable id
     * ({@code simplemqtt-} and 12 random base-32 characters) that stays the same across its
     * reconnects. Two clients connected with the same id push each other out.
     */
    public Builder clientId(String clientId) {
      if (clientId == null || clientId.isEmpty()) {
        throw new IllegalArgumentException(
            "Client id must not be empty; leave it unset to get a generated one.");
      }
      ClientIds.check(clientId);
      this.clientId = clientId;
      return this;
    }

    /** User name and password for the broker's password file. The password is never logged. */
    public Builder credentials(String username, String password) {
      return credentials(username, Objects.requireNonNull(password, "password").toCharArray());
    }

    /** User name and password; the array is copied, so the caller may wipe it afterwards. */
    public Builder credentials(String username, char[] password) {
      if (username == null || username.isEmpty()) {
        throw new IllegalArgumentException("User name must not be empty.");
      }
      Objects.requireNonNull(password, "password");
      this.username = username;
      var encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
      this.password = Arrays.copyOf(encoded.array(), encoded.limit());
      return this;
    }

    /**
     * Mutual TLS: trust the CA certificates in {@code chainFile} and present the certificate in
     * {@code certFile} with the private key in {@code keyFile} (PEM: PKCS#8, PKCS#1 RSA, SEC1 EC,
     * or encrypted with {@link #keyPassphrase(char[])}). Intermediate CA certificates found in
     * either file are sent along with the certificate.
     */
    public Builder tls(Path chainFile, Path certFile, Path keyFile) {
      this.chainFile = Objects.requireNonNull(chainFile, "chainFile");
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    /** Server-only TLS: trust the CA certificates in {@code chainFile}; log in some other way. */
    public Builder tls(Path chainFile) {
      this.chainFile = Objects.requireNonNull(chainFile, "chainFile");
      this.certFile = null;
      this.keyFile = null;
      return this;
    }

    /** The passphrase of an encrypted private key. The array is copied. */
    public Builder keyPassphrase(char[] passphrase) {
      this.keyPassphrase = Objects.requireNonNull(passphrase, "passphrase").clone();
      return this;
    }

    /**
     * INSECURE: accept any server certificate for any name. Anyone on the network path can then
     * read and change the traffic. For a first experiment only; a warning is logged. Prefer {@link
     * #tls(Path)} with the broker's chain file.
     */
    public Builder insecureTrustAnyServer() {
      this.trustAnyServer = true;
      return this;
    }

    /** The protocol version; default {@link MqttVersion#V5}. */
    public Builder mqttVersion(MqttVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Opt-in: when the broker refuses MQTT 5 at the first {@link MqttClient#connect()} (its CONNACK
     * says "unsupported protocol version", as NATS's MQTT listener does), connect with MQTT 3.1.1
     * instead, and keep it for every reconnect. Default false: such a broker fails {@code
     * connect()} in words. The version used is logged at INFO and told by {@link
     * MqttClient#mqttVersion()}. Needs {@link MqttVersion#V5} (the default), and no setting that
     * MQTT 3.1.1 cannot carry (a will delay or will properties, {@link #receiveMaximum}); until
     * {@code connect()} has returned on MQTT 5, message properties and MQTT 5 subscription options
     * are refused in words.
     */
    public Builder fallbackToMqtt311(boolean enabled) {
      this.fallbackToMqtt311 = enabled;
      return this;
    }

    /** How often the client proves it is alive when idle; 1 s to 65535 s, default 60 s. */
    public Builder keepAlive(Duration keepAlive) {
      long seconds = keepAlive.toSeconds();
      if (seconds < 1 || seconds > 65_535) {
        throw new IllegalArgumentException(
            "Keep-alive must be 1 s to 65535 s, not " + keepAlive + ".");
      }
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * Whether the first connect discards any session the broker kept for this client id. Default
     * true. With false (and a fixed {@link #clientId(String)}), messages queued while your program
     * was stopped are delivered when it starts again, and {@link #close()} keeps the session.
     * Reconnects after a lost connection always resume the session.
     *
     * <p>Every CONNECT of the client has clean start off: Mosquitto 2.0 saves to disk only sessions
     * opened that way, so the session and the messages queued for it survive a broker restart (the
     * kit's after {@code user remove}, say) and, saved in time, a crash (see {@link
     * #republishRecentAfterReconnect(boolean)}). Clean start is done apart: with a client id of
     * your own, one extra short connection with that id and clean start on, just before {@link
     * #connect()}, makes the broker discard the old session (and publishes the will of a live
     * client it replaces); a generated id needs none, no broker knows it.
     *
     * <p>On MQTT 3.1.1, whose clean session flag would also end the session with the first lost
     * connection, this is what keeps a session across a blip as on MQTT 5; {@link #close()} makes
     * another short connection with clean session on after disconnecting, which removes the
     * session. 3.1.1 has no session expiry: a session stays on the broker until then, or until
     * Mosquitto's {@code persistent_client_expiration}. So a program that dies without {@code
     * close()}, or closes while the broker cannot be reached, leaves its session (and the QoS 1/2
     * messages queued for its subscriptions) behind until a client with the same id connects again.
     */
    public Builder cleanStart(boolean cleanStart) {
      this.cleanStart = cleanStart;
      return this;
    }

    /**
     * How long the broker keeps the session after the connection drops (MQTT 5); default one hour,
     * at most about 136 years. Zero means the session ends with the connection, which fails
     * in-flight QoS 1/2 messages on every reconnect. MQTT 3.1.1 has no session expiry; see {@link
     * #cleanStart(boolean)}.
     */
    public Builder sessionExpiry(Duration sessionExpiry) {
      long seconds = sessionExpiry.toSeconds();
      if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(
            "Session expiry must be 0 to 4294967295 s, not " + sessionExpiry + ".");
      }
      this.sessionExpiry = sessionExpiry;
      return this;
    }

    /** The message the broker publishes if this client vanishes without disconnecting. */
    public Builder lastWill(LastWill will) {
      this.will = Objects.requireNonNull(will, "will");
      return this;
    }

    /**
     * MQTT 5: how many QoS 1 and 2 messages the broker may send before this client acknowledges
     * them; 1 to 65,535, default 65,535 (the protocol's maximum). A lower value makes a busy broker
     * hold messages back sooner.
     */
    public Builder receiveMaximum(int max) {
      if (max < 1 || max > MAX_RECEIVE_MAXIMUM) {
        throw new IllegalArgumentException("Receive maximum must be 1 to 65535, not " + max + ".");
      }
      this.receiveMaximum = max;
      return this;
    }

    /**
     * How long each connect phase (TCP, TLS handshake, MQTT CONNACK) may take; 1 s to 10 min,
     * default 10 s.
     */
    public Builder connectTimeout(Duration timeout) {
      checkRange("Connect timeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Whether to reconnect by itself after losing the connection; default true. The first attempt
     * waits {@code initialDelay}, then the wait doubles up to {@code maxDelay} (with jitter). A
     * refusal that retrying cannot fix (wrong password, rejected certificate) waits {@code
     * maxDelay} each time. Defaults 250 ms and 30 s.
     */
    public Builder automaticReconnect(boolean enabled) {
      this.automaticReconnect = enabled;
      return this;
    }

    /** Reconnect backoff bounds; see {@link #automaticReconnect(boolean)}. */
    public Builder reconnectDelay(Duration initialDelay, Duration maxDelay) {
      checkRange(
          "Initial reconnect delay", initialDelay, Duration.ofMillis(1), Duration.ofHours(1));
      checkRange("Maximum reconnect delay", maxDelay, initialDelay, Duration.ofHours(1));
      this.reconnectInitialDelay = initialDelay;
      this.reconnectMaxDelay = maxDelay;
      return this;
    }

    /**
     * How long blocking calls ({@code publish}, {@code subscribe}, {@code unsubscribe}) wait for
     * the broker, and how long {@code publishAsync} waits for room among pending messages; 100 ms
     * to 1 h, default 30 s.
     */
    public Builder publishTimeout(Duration timeout) {
      checkRange("Publish timeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
      this.publishTimeout = timeout;
      return this;
    }

    /**
     * How many published messages may wait for acknowledgement at once, including those queued
     * while reconnecting; 1 to 1,000,000, default 10,000. Bounds memory when the broker is away.
     */
    public Builder maxPendingPublishes(int max) {
      if (max < 1 || max > 1_000_000) {
        throw new IllegalArgumentException(
            "maxPendingPublishes must be 1 to 1000000, not " + max + ".");
      }
      this.maxPendingPublishes = max;
      return this;
    }

    /**
     * How many received QoS 1 and 2 messages may wait for one subscription's handler; 1 to
     * 1,000,000, default 1,000. A slow handler holds up only its own subscription until this many
     * wait. Beyond that, QoS 1 and 2 messages are acknowledged to the broker only as the handler
     * works through them, so the broker keeps the rest (flow control: memory stays bounded, nothing
     * is dropped here, and once the broker's in-flight window is full other subscriptions wait
     * too). QoS 0 messages, which the broker cannot hold back, are bounded by {@link
     * #maxQueuedBytesPerSubscription} instead.
     */
    public Builder maxQueuedPerSubscription(int max) {
      if (max < 1 || max > 1_000_000) {
        throw new IllegalArgumentException(
            "maxQueuedPerSubscription must be 1 to 1000000, not " + max + ".");
      }
      this.maxQueuedPerSubscription = max;
      return this;
    }

    /**
     * How many bytes of received messages (payload, topic and bookkeeping) may wait for one
     * subscription's handler; 64 KiB to 1 GiB, default 16 MiB. A burst of QoS 0 messages waits
     * within this bound however many messages it is, so a handler that keeps up on average loses
     * nothing. Beyond it, QoS 0 messages are dropped, as QoS 0 allows: {@link
     * MqttClient#droppedQos0Messages()} counts them and one warning per episode gives the count;
     * QoS 1 and 2 messages are then held back at the broker, as with {@link
     * #maxQueuedPerSubscription}.
     */
    public Builder maxQueuedBytesPerSubscription(long bytes) {
      if (bytes < 64L << 10 || bytes > 1L << 30) {
        throw new IllegalArgumentException(
            "maxQueuedBytesPerSubscription must be 65536 to 1073741824 bytes, not " + bytes + ".");
      }
      this.maxQueuedBytesPerSubscription = bytes;
      return this;
    }

    /**
     * Whether to publish again, after each reconnect, the last QoS 1 messages the broker
     * acknowledged before the connection was lost (at most 48, the most this client has unanswered
     * at once). Default false.
     *
     * <p>Mosquitto sends PUBACK before it writes the message to disk, even when it saves on every
     * change, so a broker killed in between loses a message it has acknowledged; with this on, such
     * a message is sent again and survives the crash. The price is up to 48 duplicate deliveries
     * per reconnect, which QoS 1 allows, and they may arrive after newer messages: use it where
     * receivers tolerate duplicates (for example, they carry an id or sequence number). QoS 0 and
     * QoS 2 messages are never published again this way; QoS 2 promises no duplicates.
     */
    public Builder republishRecentAfterReconnect(boolean enabled) {
      this.republishRecent = enabled;
      return this;
    }

    /**
     * Where handlers and listeners run. Default: the client's own pool of daemon threads, shut down
     * by {@link #close()}. Each subscription still sees its messages one at a time, in order.
     * {@code Runnable::run} runs them on the network thread, which suits tests only.
     */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The topic replies to this client's {@link MqttClient#request requests} go to; default {@code
     * replies/} followed by the client id. The broker's ACL must let this client subscribe to it
     * and the responders publish to it.
     */
    public Builder replyTopic(String topic) {
      Topics.checkTopicName(topic);
      this.replyTopic = topic;
      return this;
    }

    /** Adds a listener told about connects and disconnects. */
    public Builder connectionListener(ConnectionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the client. Reads and checks the TLS files now, so a bad PEM file, a key that does not
     * match its certificate or an expired certificate is reported before any network traffic.
     *
     * @throws TlsException when a TLS file is missing, malformed or inconsistent
     */
    public MqttClient build() {
      if (fallbackToMqtt311) {
        if (version != MqttVersion.V5) {
          throw new IllegalStateException(
              "fallbackToMqtt311 falls back from MQTT 5, and this client is set to MQTT 3.1.1:"
                  + " drop one of the two.");
        }
        if ((will != null && will.needsMqtt5()) || receiveMaximum != null) {
          throw new IllegalStateException(
              "fallbackToMqtt311 may end on MQTT 3.1.1, which cannot carry "
                  + (receiveMaximum != null ? "receiveMaximum" : "a will delay or will properties")
                  + ": drop one of the two.");
        }
      }
      if (version != MqttVersion.V5) {
        if (will != null && will.needsMqtt5()) {
          throw new IllegalStateException(
              "A will delay or will properties need MQTT 5, and this client is set to MQTT 3.1.1:"
                  + " drop them, or use mqttVersion(MqttVersion.V5).");
        }
        if (receiveMaximum != null) {
          throw new IllegalStateException(
              "receiveMaximum needs MQTT 5, and this client is set to MQTT 3.1.1: drop it, or use"
                  + " mqttVersion(MqttVersion.V5).");
        }
      }
      TlsSetup tls = null;
      if (chainFile != null) {
        tls =
            TlsSetup.load(
                chainFile, certFile, keyFile, keyPassphrase, trustAnyServer, Clock.systemUTC());
      } else if (trustAnyServer) {
        throw new IllegalStateException("insecureTrustAnyServer() needs tls(...) as well.");
      }
      int defaultPort = tls != null ? 8883 : 1883;
      List<Servers.Server> servers = new ArrayList<>();
      if (brokers != null) {
        for (String address : brokers) {
          servers.add(Servers.parse(address, defaultPort));
        }
        if (shuffleBrokers) {
          Collections.shuffle(servers);
        }
      } else {
        servers.add(new Servers.Server(host, port != null ? port : defaultPort));
      }
      String id = clientId != null ? clientId : ClientIds.generate();
      return new MqttClient(
          new ClientConfig(
              servers,
              id,
              clientId == null,
              username,
              password == null ? null : password.clone(),
              tls,
              version,
              keepAlive,
              cleanStart,
              sessionExpiry,
              will,
              connectTimeout,
              automaticReconnect,
              reconnectInitialDelay,
              reconnectMaxDelay,
              publishTimeout,
              maxPendingPublishes,
              maxQueuedPerSubscription,
              republishRecent,
              handlerExecutor,
              listeners,
              maxQueuedBytesPerSubscription,
              receiveMaximum == null ? MAX_RECEIVE_MAXIMUM : receiveMaximum,
              fallbackToMqtt311),
          replyTopic);
    }

    private static void checkPort(int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("Port must be 1 to 65535, not " + port + ".");
      }
    }

    private static void checkRange(String what, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, what);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            what + " must be between " + min + " and " + max + ", not " + value + ".");
      }
    }
  }
}
