package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MessageHandler;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.ReasonCode;
import io.github.simplemqtt.client.SubscribeOptions;
import io.github.simplemqtt.client.TlsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code MqttClient} does: the connection lifecycle (connect, reconnect decisions through
 * {@link ReconnectPolicy}, listeners, close), with sending in {@link Outbox} and receiving in
 * {@link Inbox}. Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MqttClient");
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** A filter no application subscribes to; see {@link #resubscribed()}. */
  private static final String RESUBSCRIBE_MARKER = "$simplemqtt/resubscribed/" + UUID.randomUUID();

  private final ClientConfig config;
  private final Failures failures;
  private final Protocol protocol;

  /** The protocol when it may fall back from MQTT 5 to 3.1.1 ({@code fallbackToMqtt311}). */
  private final @Nullable VersionFallback fallback;

  private final Executor handlerExecutor;
  private final @Nullable HandlerThreads ownExecutor;

  /** Made only when there are listeners to call. */
  private final @Nullable SerialExecutor listenerExecutor;

  private final Inbox inbox;
  private final Outbox outbox;
  private final ReconnectPolicy reconnectPolicy;

  /** Set by the first successful connect(): from then on subscribe() sends SUBSCRIBE itself. */
  private boolean subscribesAtOnce;

  /**
   * Subscriptions made before the first connect, which connect() sends; under lifecycle. Made by
   * the first such subscribe: every client is heap per connection, and most subscribe after
   * connect.
   */
  private @Nullable Map<String, SubscribeOptions> beforeConnect;

  /**
   * Guards connect, close and the subscriptions before connect; close() notifies it, to wake a
   * {@link #connect(Duration)} that waits to retry. This core itself: nobody else holds it, and it
   * is one object less per client.
   */
  private final Object lifecycle = this;

  private volatile boolean connected;
  private volatile boolean everConnected;

  /** Between a lost connection and the next one, while automatic reconnect is trying. */
  private volatile boolean reconnecting;

  private final Counters counters = new Counters();

  /** The brokers and the one in use; failover moves through them. */
  private final Servers servers;

  private volatile boolean closed;

  private volatile boolean outageReported;

  /** How long the client waits for the answer to a {@link CopyProbe}. */
  private static final Duration COPY_PROBE_WAIT = Duration.ofSeconds(2);

  /**
   * Whether the broker sends one copy per matching subscription, once a {@link CopyProbe} found
   * out; null until then (the protocol's guess holds), or when the probe got no answer.
   */
  private volatile @Nullable Boolean brokerCopiesPerSubscription;

  private static final AtomicIntegerFieldUpdater<ClientCore> COPIES_ASKED =
      AtomicIntegerFieldUpdater.newUpdater(ClientCore.class, "copiesAsked");

  /**
   * 1 once the client has asked (one probe per client, answered or not); an int field rather than
   * an AtomicBoolean, as every client is heap per connection (issue 20).
   */
  private volatile int copiesAsked;

  /** The probe under way, whose messages are taken before the subscriptions see them. */
  private volatile @Nullable CopyProbe probe;

  public ClientCore(ClientConfig config) {
    this.config = config;
    this.servers = new Servers(config.servers());
    this.failures = new Failures(servers, config.tls(), config.connectTimeout());
    if (config.handlerExecutor() != null) {
      this.ownExecutor = null;
      this.handlerExecutor = config.handlerExecutor();
    } else {
      this.ownExecutor = new HandlerThreads(config.clientId());
      this.handlerExecutor = ownExecutor;
    }
    this.listenerExecutor =
        config.listeners().isEmpty() ? null : new SerialExecutor(handlerExecutor);
    BooleanSupplier isClosed = () -> closed;
    this.inbox =
        new Inbox(config, counters, handlerExecutor, this::copiesPerSubscription, isClosed);
    Hooks hooks = new LifecycleHooks();
    Protocol.Inbound inbound = this::inbound;
    if (config.version() != MqttVersion.V5) {
      this.fallback = null;
      this.protocol = new Mqtt3Protocol(config, hooks, inbound);
    } else if (config.fallbackToMqtt311()) {
      this.fallback =
          new VersionFallback(
              new Mqtt5Protocol(config, hooks, inbound),
              () -> new Mqtt3Protocol(config, hooks, inbound));
      this.protocol = fallback;
    } else {
      this.fallback = null;
      this.protocol = new Mqtt5Protocol(config, hooks, inbound);
    }
    this.reconnectPolicy =
        new ReconnectPolicy(config.reconnectInitialDelay(), config.reconnectMaxDelay());
    this.outbox =
        new Outbox(
            protocol,
            failures,
            counters,
            new Outbox.Limits(
                config.clientId(),
                config.maxPendingPublishes(),
                config.publishTimeout(),
                config.republishRecentAfterReconnect()),
            isClosed);
  }

  /** Whether the broker sends a copy per matching subscription; asked once messages flow. */
  private boolean copiesPerSubscription() {
    Boolean found = brokerCopiesPerSubscription;
    return found != null ? found : protocol.copiesPerSubscription();
  }

  /** Every incoming message, on the network thread: a probe's own, or one for the inbox. */
  private void inbound(io.github.simplemqtt.client.Message message, Runnable acknowledge) {
    CopyProbe asking = probe;
    if (asking != null && asking.takes(message)) {
      acknowledge.run();
      return;
    }
    inbox.route(message, acknowledge);
  }

  /**
   * Before the broker hears of a subscription whose filter overlaps another of this client's, finds
   * out once how it sends such messages: one copy per matching subscription (Mosquitto on MQTT 5,
   * NATS), whose extra copies the inbox drops, or one in all (Mosquitto on 3.1.1), which goes to
   * every matching handler. Either way each handler gets each message once. Without an answer
   * within 2 s (an ACL that refuses the probe's topics), the protocol's guess stays: one copy per
   * subscription on MQTT 5, one in all on 3.1.1.
   */
  private void learnCopiesIfOverlapping(String filter) {
    if (copiesAsked != 0) {
      return;
    }
    String topicFilter = Topics.unshared(filter);
    boolean overlaps =
        inbox.filters().stream()
            .filter(other -> !other.equals(filter))
            .anyMatch(other -> Topics.overlap(Topics.unshared(other), topicFilter));
    if (overlaps && COPIES_ASKED.compareAndSet(this, 0, 1)) {
      learnCopies();
    }
  }

  private void learnCopies() {
    CopyProbe asking = new CopyProbe();
    probe = asking;
    long wait = COPY_PROBE_WAIT.toMillis();
    try {
      protocol.subscribe(asking.plus(), SubscribeOptions.qos(0)).get(wait, TimeUnit.MILLISECONDS);
      protocol.subscribe(asking.hash(), SubscribeOptions.qos(0)).get(wait, TimeUnit.MILLISECONDS);
      protocol
          .publish(asking.probe(), new byte[0], 0, false, MessageProperties.NONE)
          .get(wait, TimeUnit.MILLISECONDS);
      protocol
          .publish(asking.end(), new byte[0], 0, false, MessageProperties.NONE)
          .get(wait, TimeUnit.MILLISECONDS);
      int copies = asking.counted().get(wait, TimeUnit.MILLISECONDS);
      brokerCopiesPerSubscription = copies > 1;
      LOG.debug(
          "The broker at {} sends {} of a message that overlapping subscriptions match",
          failures.endpoint(),
          copies > 1 ? "one copy per subscription" : "one copy in all");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug(
          "Could not find out how the broker at {} sends messages that overlapping subscriptions"
              + " match ({}); assuming {}",
          failures.endpoint(),
          e.toString(),
          protocol.copiesPerSubscription() ? "one copy per subscription" : "one copy in all");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      CompletableFuture.allOf(unsubscribeQuietly(asking.plus()), unsubscribeQuietly(asking.hash()))
          .whenComplete((ok, failure) -> probe = null);
    }
  }

  private CompletableFuture<Void> unsubscribeQuietly(String filter) {
    try {
      return protocol.unsubscribe(filter).exceptionally(failure -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  public ClientConfig config() {
    return config;
  }

  public boolean isConnected() {
    return connected;
  }

  /**
   * The protocol version in use: the one configured, or MQTT 3.1.1 once a client with {@code
   * fallbackToMqtt311} found that the broker refuses MQTT 5 (for good, reconnects included).
   */
  public MqttVersion mqttVersion() {
    return fallback != null ? fallback.version() : config.version();
  }

  /**
   * Null when MQTT 5 is in use for sure; otherwise the end of a sentence saying why an MQTT 5
   * feature cannot be used, starting with "this client ...".
   */
  @Nullable String withoutMqtt5() {
    if (fallback == null) {
      return config.version() == MqttVersion.V5
          ? null
          : "this client connects with MQTT 3.1.1: build it with .mqttVersion(MqttVersion.V5)";
    }
    if (fallback.version() != MqttVersion.V5) {
      return "this client fell back to MQTT 3.1.1 because the broker at "
          + failures.endpoint()
          + " refuses MQTT 5";
    }
    return everConnected
        ? null
        : "this client may fall back to MQTT 3.1.1 at connect() (fallbackToMqtt311): use them"
            + " after connect(), once mqttVersion() says V5";
  }

  /** The broker connected to ({@code host:port}), or empty when not connected. */
  public Optional<String> connectedTo() {
    return connected ? Optional.of(servers.current().toString()) : Optional.empty();
  }

  /** What the client has counted so far, and its state now. */
  public Counters.Snapshot metrics() {
    String state;
    if (closed) {
      state = "CLOSED";
    } else if (connected) {
      state = "CONNECTED";
    } else if (!everConnected) {
      state = "NEW";
    } else {
      state = reconnecting ? "RECONNECTING" : "DISCONNECTED";
    }
    return counters.snapshot(state);
  }

  /** QoS 0 messages dropped because a handler's queue was full, since the client was built. */
  public long droppedQos0Messages() {
    return inbox.droppedQos0Messages();
  }

  /** Connects and waits for the broker's CONNACK. */
  public void connect() {
    synchronized (lifecycle) {
      checkOpen();
      if (connected) {
        return;
      }
      LOG.debug("Connecting to {} as {}", servers.current(), config.clientId());
      servers.startRound();
      CompletableFuture<Boolean> attempt = protocol.connect();
      // HiveMQ bounds each phase (TCP, TLS, CONNACK) by the connect timeout; this outer bound only
      // guards against a phase that never starts. Each broker may take that long.
      Duration limit = config.connectTimeout().multipliedBy(3L * servers.size()).plusSeconds(1);
      try {
        try {
          attempt.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!fallsBackAfter(causeOf(e))) {
            throw e;
          }
          servers.startRound();
          protocol.connect().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        subscribeRegistered();
      } catch (TimeoutException e) {
        protocol.disconnect(false);
        throw new ConnectionException(
            "Timed out after " + limit.toSeconds() + " s connecting to " + failures.endpoint(),
            "check the address, and that no firewall drops the traffic.",
            e);
      } catch (ExecutionException e) {
        MqttClientException failure = failures.connect(causeOf(e));
        LOG.debug("Connect to {} failed: {}", servers.current(), failure.getMessage());
        throw withCallerStack(failure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionException("Interrupted while connecting to " + failures.endpoint(), e);
      }
    }
  }

  /**
   * Whether the first connect failed because the broker refuses MQTT 5 and the client fell back to
   * MQTT 3.1.1 (with {@code fallbackToMqtt311}), so that connect() tries again with it.
   */
  private boolean fallsBackAfter(Throwable failure) {
    if (fallback == null || everConnected) {
      return false;
    }
    MqttClientException explained = failures.connectWithoutProbe(failure);
    if (!(explained instanceof BrokerRefusedException refused)
        || refused.reason() != ReasonCode.UNSUPPORTED_PROTOCOL_VERSION
        || !fallback.fallBack()) {
      return false;
    }
    LOG.info(
        "The broker at {} refuses MQTT 5 (CONNACK: unsupported protocol version); connecting"
            + " with MQTT 3.1.1, which this client keeps from now on (fallbackToMqtt311).",
        failures.endpoint());
    return true;
  }

  /**
   * Connects, trying again with the reconnect back-off for up to {@code waitUpTo} while the broker
   * cannot be reached or is not ready, as when a service starts before its broker. A refusal that
   * waiting cannot fix (wrong credentials, a rejected certificate, a TLS failure) fails at once.
   * Each different cause is logged once; on giving up, the last failure is thrown.
   */
  public void connect(Duration waitUpTo) {
    if (waitUpTo == null || waitUpTo.isNegative()) {
      throw new IllegalArgumentException("The wait must be zero or more, not " + waitUpTo + ".");
    }
    long deadline = System.nanoTime() + waitUpTo.toNanos();
    // Causes may alternate (a closed and a reset connection, while a broker starts): each once.
    Set<String> logged = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      try {
        connect();
        if (attempt > 1) {
          LOG.info("Connected to {} at attempt {}.", servers.current(), attempt);
        }
        return;
      } catch (MqttClientException failure) {
        long left = deadline - System.nanoTime();
        if (ReconnectPolicy.isPermanent(failure) || left <= 0) {
          if (attempt > 1) {
            LOG.warn(
                "Gave up connecting to {} after {} attempts in {} s.",
                failures.endpoint(),
                attempt,
                waitUpTo.toSeconds());
          }
          throw failure;
        }
        if (logged.add(failure.getMessage())) {
          LOG.warn(
              "{} Trying again for up to {} s.",
              failure.getMessage(),
              Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left)));
        }
        long pause = Math.min(reconnectPolicy.backoff(attempt - 1).toNanos(), left);
        try {
          awaitCloseOrPause(pause);
          checkOpen();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ConnectionException(
              "Interrupted while waiting for the broker at " + failures.endpoint() + ".", failure);
        }
      }
    }
  }

  /** Sends a message; the future completes once the broker has acknowledged it at {@code qos}. */
  public CompletableFuture<Void> publishAsync(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    return enqueue(topic, payload, qos, retain, properties, false, false);
  }

  /**
   * {@link #publishAsync} for a payload nobody else holds (a {@code Message}'s accessor returns a
   * fresh copy): it is not copied again.
   */
  public CompletableFuture<Void> publishAsyncOwned(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    return enqueue(topic, payload, qos, retain, properties, false, true);
  }

  /**
   * Queues a publish. {@code waitedOn}: the caller blocks on the returned future and nobody else
   * sees it, so it may complete on the network thread; any other future completes on the common
   * pool, so that what the application chains to it can never stall the network thread.
   */
  private CompletableFuture<Void> enqueue(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      MessageProperties properties,
      boolean waitedOn,
      boolean owned) {
    Topics.checkTopicName(topic);
    Topics.checkQos(qos);
    if (payload == null) {
      throw new IllegalArgumentException("Payload must not be null; send an empty array instead.");
    }
    if (properties == null) {
      throw new IllegalArgumentException(
          "Properties must not be null; use MessageProperties.NONE for none.");
    }
    String without5 = properties.isEmpty() ? null : withoutMqtt5();
    if (without5 != null) {
      throw new IllegalArgumentException(
          "Message properties ("
              + properties
              + ") need MQTT 5, and "
              + without5
              + ", or publish without properties.");
    }
    checkOpen();
    return outbox.offer(topic, payload, qos, retain, properties, waitedOn, owned);
  }

  /** Sends a message and waits until the broker has acknowledged it at {@code qos}. */
  public void publish(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    publish(topic, payload, qos, retain, properties, false);
  }

  /** {@link #publish}; {@code owned}: the payload is a copy nobody else holds, not copied again. */
  public void publish(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      MessageProperties properties,
      boolean owned) {
    CompletableFuture<Void> ack = enqueue(topic, payload, qos, retain, properties, true, owned);
    await(
        ack,
        () ->
            new ConnectionException(
                "The broker at "
                    + failures.endpoint()
                    + " did not acknowledge the message to '"
                    + topic
                    + "' within "
                    + config.publishTimeout().toSeconds()
                    + " s; the connection may be down. The message stays queued and is sent when"
                    + " the connection returns."));
  }

  /**
   * Subscribes and waits for the broker's SUBACK; replaces an existing handler for the filter.
   * Returns the QoS the broker granted.
   */
  public int subscribe(String filter, int qos, MessageHandler handler) {
    return subscribe(filter, SubscribeOptions.qos(qos), handler);
  }

  /** {@link #subscribe(String, int, MessageHandler)} with MQTT 5's subscription options. */
  public int subscribe(String filter, SubscribeOptions options, MessageHandler handler) {
    Topics.checkFilter(filter);
    if (options == null) {
      throw new IllegalArgumentException("Subscribe options must not be null.");
    }
    int qos = options.qos();
    if (handler == null) {
      throw new IllegalArgumentException("Handler must not be null.");
    }
    String without5 = options.needsMqtt5() ? withoutMqtt5() : null;
    if (without5 != null) {
      throw new IllegalArgumentException(
          options + " need MQTT 5, and " + without5 + ", or subscribe with the QoS alone.");
    }
    if (options.noLocal() && filter.startsWith("$share/")) {
      throw new IllegalArgumentException(
          "No-local cannot be used on the shared subscription '"
              + filter
              + "' (MQTT 5 forbids it); leave it off.");
    }
    checkOpen();
    Inbox.Subscription subscription = inbox.new Subscription(filter, handler);
    synchronized (lifecycle) {
      if (!subscribesAtOnce) {
        // Before connect(): registered now, so a resumed session's first messages find it, and
        // sent to the broker by connect().
        inbox.add(subscription);
        if (beforeConnect == null) {
          beforeConnect = new LinkedHashMap<>();
        }
        beforeConnect.put(filter, options);
        LOG.debug("Subscription to '{}' registered; connect() sends it", filter);
        return qos;
      }
    }
    inbox.addAndRedeliverHeld(subscription);
    learnCopiesIfOverlapping(filter);
    return confirm(filter, options, subscription);
  }

  /** Waits up to {@code pauseNanos}, or less if close() runs meanwhile. */
  private void awaitCloseOrPause(long pauseNanos) throws InterruptedException {
    long deadline = System.nanoTime() + pauseNanos;
    synchronized (lifecycle) {
      for (long left = pauseNanos; !closed && left > 0; left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(lifecycle, left);
      }
    }
  }

  /** Sends the subscriptions made before the first connect, in order; each waits for its SUBACK. */
  private void subscribeRegistered() {
    subscribesAtOnce = true;
    Map<String, SubscribeOptions> registered = beforeConnect;
    if (registered == null) {
      return;
    }
    beforeConnect = null;
    for (String filter : registered.keySet()) {
      learnCopiesIfOverlapping(filter);
    }
    List<Map.Entry<String, SubscribeOptions>> pending = new ArrayList<>(registered.entrySet());
    MqttClientException first = null;
    for (Map.Entry<String, SubscribeOptions> entry : pending) {
      Inbox.Subscription subscription = inbox.get(entry.getKey());
      if (subscription != null) {
        try {
          confirm(entry.getKey(), entry.getValue(), subscription);
        } catch (MqttClientException e) {
          first = first == null ? e : first; // the others are still sent
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Sends SUBSCRIBE and waits for the SUBACK; returns the granted QoS. */
  private int confirm(String filter, SubscribeOptions options, Inbox.Subscription subscription) {
    int qos = options.qos();
    CompletableFuture<Integer> subAck;
    try {
      subAck = protocol.subscribe(filter, options);
    } catch (RuntimeException e) {
      inbox.remove(filter, subscription);
      throw failures.subscribe(e, filter);
    }
    CompletableFuture<Integer> translated = new CompletableFuture<>();
    subAck.whenComplete(
        (granted, failure) -> {
          if (failure == null) {
            translated.complete(granted);
          } else {
            inbox.remove(filter, subscription);
            translated.completeExceptionally(failures.subscribe(failure, filter));
          }
        });
    int granted =
        await(
            translated,
            () ->
                new ConnectionException(
                    "The broker at "
                        + failures.endpoint()
                        + " did not confirm the subscription to '"
                        + filter
                        + "' within "
                        + config.publishTimeout().toSeconds()
                        + " s; the connection may be down."));
    if (granted < qos) {
      LOG.warn(
          "The broker at {} granted QoS {} for '{}' where QoS {} was asked; messages arrive at"
              + " QoS {} at most.",
          failures.endpoint(),
          granted,
          filter,
          qos,
          granted);
    } else {
      LOG.debug("Subscribed to '{}' at QoS {}", filter, granted);
    }
    return granted;
  }

  /** Stops the subscription; its handler gets no further messages. */
  public void unsubscribe(String filter) {
    Topics.checkFilter(filter);
    checkOpen();
    synchronized (lifecycle) {
      if (!subscribesAtOnce) {
        inbox.remove(filter);
        if (beforeConnect != null) {
          beforeConnect.remove(filter);
        }
        return;
      }
    }
    inbox.remove(filter);
    CompletableFuture<Void> unsubAck = new CompletableFuture<>();
    protocol
        .unsubscribe(filter)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                unsubAck.complete(null);
              } else {
                unsubAck.completeExceptionally(
                    failures.operation(failure, "unsubscribing from '" + filter + "'"));
              }
            });
    await(
        unsubAck,
        () ->
            new ConnectionException(
                "The broker at "
                    + failures.endpoint()
                    + " did not confirm unsubscribing from '"
                    + filter
                    + "' in time."));
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      lifecycle.notifyAll(); // wakes a connect(Duration) waiting to retry
    }
    inbox.forgetHeld(); // unacknowledged: the broker keeps them in the session
    protocol.closing();
    // Persistent sessions (clean start off) outlive the client on purpose; otherwise tell the
    // broker it may forget the session at once.
    boolean keepSession = !config.cleanStart();
    try {
      protocol.disconnect(keepSession).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Disconnect from {} did not complete cleanly", servers.current(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connected = false;
    inbox.close();
    outbox.close();
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    LOG.debug("Closed client {}", config.clientId());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "This MqttClient (" + config.clientId() + ") is closed; build a new one.");
    }
  }

  private <T> T await(Future<T> future, java.util.function.Supplier<MqttClientException> timeout) {
    try {
      return future.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timeout.get();
    } catch (ExecutionException e) {
      Throwable cause = causeOf(e);
      throw cause instanceof MqttClientException ours
          ? withCallerStack(ours)
          : failures.operation(cause, "waiting for the broker");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MqttClientException("Interrupted while waiting for the broker.", e);
    }
  }

  /**
   * A copy of an exception made on a network thread, created here so its stack shows the caller. It
   * takes over the original's cause rather than the original itself, so the sentence appears once
   * in the cause chain.
   */
  static MqttClientException withCallerStack(MqttClientException e) {
    Throwable cause = e.getCause();
    // The same what and fix make the same message.
    String what = e.what();
    String fix = e.fix().orElse(null);
    MqttClientException copy;
    if (e instanceof BrokerRefusedException refused) {
      copy = new BrokerRefusedException(what, fix, refused.reasonCode());
      if (cause != null) {
        copy.initCause(cause);
      }
    } else if (e instanceof TlsException tls) {
      copy = new TlsException(what, fix, tls.file().orElse(null), cause);
    } else if (e instanceof ConnectionException) {
      copy = new ConnectionException(what, fix, cause);
    } else {
      copy = new MqttClientException(what, fix, cause);
    }
    return copy;
  }

  /** What failed a future: its cause, or the exception itself in the odd case it has none. */
  private static Throwable causeOf(ExecutionException e) {
    Throwable cause = e.getCause();
    return cause != null ? cause : e;
  }

  /**
   * Completes once the broker has handled the SUBSCRIBE packets HiveMQ re-sends after a lost
   * session. HiveMQ queues those before it calls the connected listeners, and the broker answers a
   * connection's packets in order, so the answer to an UNSUBSCRIBE queued now (of a filter nobody
   * uses) comes after every SUBACK. Done with a marker rather than our own SUBSCRIBEs, which would
   * make the broker send retained messages a second time.
   */
  private CompletableFuture<Void> resubscribed() {
    try {
      return protocol.unsubscribe(RESUBSCRIBE_MARKER).exceptionally(failure -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private void notifyListeners(java.util.function.Consumer<ConnectionListener> event) {
    SerialExecutor executor = listenerExecutor;
    if (executor == null) {
      return; // no listeners
    }
    for (ConnectionListener listener : config.listeners()) {
      executor.execute(
          () -> {
            try {
              event.accept(listener);
            } catch (RuntimeException e) {
              LOG.warn("A connection listener threw; ignoring it", e);
            }
          });
    }
  }

  private final class LifecycleHooks implements Hooks {
    @Override
    public void connected(boolean sessionPresent) {
      if (closed) {
        // A reconnect that was under way when close() ran; close() could not stop it then.
        protocol.disconnect(!config.cleanStart());
        return;
      }
      boolean reconnect = everConnected;
      connected = true;
      everConnected = true;
      outageReported = false;
      reconnectPolicy.connected(System.nanoTime());
      outbox.sessionUp();
      reconnecting = false;
      if (reconnect) {
        counters.increment(Counters.Count.RECONNECTS);
        LOG.info(
            "Reconnected to {} as {} (session {})",
            servers.current(),
            config.clientId(),
            sessionPresent ? "resumed" : "new; subscribing again");
      } else {
        LOG.info(
            "Connected to {} as {} ({})",
            servers.current(),
            config.clientId(),
            mqttVersion() == MqttVersion.V5 ? "MQTT 5" : "MQTT 3.1.1");
      }
      CompletableFuture<Void> resubscribed =
          reconnect && !sessionPresent && !inbox.isEmpty()
              ? resubscribed()
              : CompletableFuture.completedFuture(null);
      outbox.resume(reconnect);
      // Told once the subscriptions are back, so a message published after this event reaches them.
      resubscribed.whenComplete(
          (ok, failure) -> notifyListeners(listener -> listener.connected(sessionPresent)));
    }

    @Override
    public @Nullable Duration disconnected(Throwable cause, boolean byUser, int attempts) {
      boolean wasConnected = connected;
      connected = false;
      if (!closed && !byUser && !everConnected && !wasConnected && servers.size() > 1) {
        // The first connect(): each broker once, at once, before connect() reports a failure.
        String failed = failures.endpoint();
        // On the network thread: no TLS probe, which would hold it for up to the connect timeout.
        MqttClientException failure = failures.connectWithoutProbe(cause);
        Servers.Server next = servers.nextUntried();
        if (next != null) {
          LOG.warn("Could not connect to {}: {} Trying {}.", failed, failure.getMessage(), next);
          return Duration.ZERO;
        }
      }
      if (closed || byUser || !everConnected) {
        reconnecting = false;
        // The first connect() reports its own failure; close() needs no reconnect.
        return null;
      }
      MqttClientException failure = failures.disconnected(cause);
      counters.lastDisconnectCause = failure;
      if (failure instanceof BrokerRefusedException refused
          && refused.reason() == ReasonCode.SESSION_TAKEN_OVER) {
        // Said to the application too, not only logged: it is the one that must fix the ids.
        BrokerRefusedException pushedOut =
            new BrokerRefusedException(
                failure.getMessage()
                    + " Not reconnecting, so the two clients do not keep pushing each other out",
                "give each client its own clientId.",
                ReasonCode.SESSION_TAKEN_OVER.code());
        pushedOut.initCause(failure);
        LOG.warn(pushedOut.getMessage());
        reconnecting = false;
        notifyListeners(listener -> listener.disconnected(pushedOut, false));
        return null;
      }
      if (wasConnected) {
        boolean refusedPublish =
            config.automaticReconnect()
                && outbox.refuseSentBeforeTwoCloses(cause, reconnectPolicy.connectedAtNanos());
        reconnectPolicy.connectionLost(cause, refusedPublish, System.nanoTime());
      } else {
        reconnectPolicy.attemptFailed();
      }
      if (reconnectPolicy.takenOver()) {
        BrokerRefusedException pushedOut =
            new BrokerRefusedException(
                "The broker at "
                    + failures.endpoint()
                    + " closed the connection "
                    + reconnectPolicy.quickCloses()
                    + " times in a row within 2 s of accepting it (the last after a 2 s pause),"
                    + " without a reason: another"
                    + " client is most likely using the same client id '"
                    + config.clientId()
                    + "' and taking the session over. Not reconnecting, so the two clients do not"
                    + " keep pushing each other out",
                "give each client its own clientId.",
                ReasonCode.SESSION_TAKEN_OVER.code());
        pushedOut.initCause(failure);
        LOG.warn(pushedOut.getMessage());
        reconnecting = false;
        notifyListeners(listener -> listener.disconnected(pushedOut, false));
        return null;
      }
      if (!config.automaticReconnect()) {
        LOG.warn("{} Automatic reconnect is off.", failure.getMessage());
        reconnecting = false;
        notifyListeners(listener -> listener.disconnected(failure, false));
        return null;
      }
      Duration delay = reconnectPolicy.delay(failure, attempts);
      if (servers.size() > 1) {
        Servers.Server next = servers.next(); // failover: each attempt goes to the next broker
        LOG.debug("The next attempt goes to {}", next);
      }
      reconnecting = true; // before the listeners hear of it, so metrics() agrees with them
      if (wasConnected || !outageReported) {
        outageReported = true;
        LOG.warn("{} Reconnecting.", failure.getMessage());
        notifyListeners(listener -> listener.disconnected(failure, true));
      } else {
        LOG.debug("Reconnect attempt {} failed: {}", attempts, failure.getMessage());
      }
      return delay;
    }

    @Override
    public boolean freshSession() {
      return outbox.droppingSession();
    }

    @Override
    public Servers.Server server() {
      return servers.current();
    }
  }
}
