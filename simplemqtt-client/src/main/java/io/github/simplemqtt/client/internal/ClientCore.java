package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageHandler;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.TlsException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code MQTTClient} does: connection lifecycle, the reconnect policy, bounded publishing and
 * ordered per-subscription dispatch. Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MQTTClient");
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A connection the broker closes without a reason this soon after accepting it was most likely
   * taken over by another client with the same client id: Mosquitto 2.0 closes the older connection
   * without sending reason 0x8E. Two in a row, and the client waits this long before trying again:
   * a broker restarted twice (two kit commands) then keeps the connection, while a twin, connected
   * meanwhile, is pushed out and takes the session back at once. A third, and the client stops.
   */
  private static final Duration TAKEOVER_WINDOW = Duration.ofSeconds(2);

  private static final long TAKEOVER_WINDOW_NANOS = TAKEOVER_WINDOW.toNanos();

  private static final int QUICK_CLOSES_BEFORE_PAUSING = 2;

  private static final int TAKEOVERS_BEFORE_GIVING_UP = 3;

  /**
   * A publish counts as sent right before a close when it was handed over, or its connection came
   * up (HiveMQ sends what it holds first thing), at most this long before the broker closed it.
   */
  private static final long REFUSAL_WINDOW_NANOS = Duration.ofSeconds(2).toNanos();

  /** A filter no application subscribes to; see {@link #resubscribed()}. */
  private static final String RESUBSCRIBE_MARKER = "$simplemqtt/resubscribed/" + UUID.randomUUID();

  /**
   * How many publishes at most are handed to HiveMQ and not yet completed. HiveMQ 1.3 holds up to
   * 64 publishes its connection has not taken yet (MAX_CONCURRENT_PUBLISH_FLOWABLES) and then
   * blocks the publishing thread until the connection takes one, which during an outage means until
   * the broker is back. Staying below that, no thread ever waits inside HiveMQ; further publishes
   * wait in the outbox, bounded by maxPendingPublishes.
   */
  private static final int MAX_HANDED = 48;

  private final ClientConfig config;
  private final Failures failures;
  private final Protocol protocol;
  private final Executor handlerExecutor;
  private final ExecutorService ownExecutor;
  private final SerialExecutor listenerExecutor;
  private final Semaphore pendingPublishes;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private final CopyCollapser copies = new CopyCollapser();
  private final SharedCopies sharedCopies = new SharedCopies();
  private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger handed = new AtomicInteger();
  private final AtomicInteger draining = new AtomicInteger();
  private final AtomicLong droppedQos0 = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * With republishRecentAfterReconnect: copies of the last QoS 1 messages the broker acknowledged,
   * oldest first. MAX_HANDED of them cover every message the broker can have acknowledged since it
   * last saved, as it acknowledges only what it has read and no more than that are unanswered.
   */
  private final ArrayDeque<Outgoing> recentlyAcknowledged = new ArrayDeque<>(MAX_HANDED);

  /**
   * Publishes handed to the protocol whose caller still waits, each with the System.nanoTime() it
   * was handed over at; close() fails what is left.
   */
  private final Map<Outgoing, Long> inFlight = new ConcurrentHashMap<>();

  /** Copies to publish again after a reconnect; they go before the outbox. */
  private final Queue<Outgoing> republish = new ConcurrentLinkedQueue<>();

  /**
   * Publishes HiveMQ gave back when it dropped its session to get rid of a refused publish, in the
   * order it held them; sent again once the fresh session is up.
   */
  private final Queue<Outgoing> parked = new ConcurrentLinkedQueue<>();

  /** Sequence numbers of the publishes sent right before the broker last closed the connection. */
  private volatile Set<Long> sentBeforeLastClose = Set.of();

  /**
   * From finding a publish the broker refuses until the fresh session is up: nothing is handed to
   * the protocol (HiveMQ would fail it with the rest), and what HiveMQ gives back is parked.
   */
  private volatile boolean droppingSession;

  /** The publish the broker refuses, while {@link #droppingSession}. */
  private volatile Outgoing refused;

  private volatile boolean connected;
  private volatile boolean everConnected;
  private volatile boolean closed;
  private volatile boolean outageReported;
  private volatile long connectedAtNanos;
  private volatile int quickCloses;
  // Whether a connection attempt failed since the last connection, and whether the current
  // connection came after such failures: a broker that restarts is down for a moment, so its
  // closes are followed by failed attempts; one taking the session over for a twin is not.
  private volatile boolean attemptFailedSinceConnected;
  private volatile boolean connectedAfterFailedAttempts;

  public ClientCore(ClientConfig config) {
    this.config = config;
    this.failures =
        new Failures(config.host(), config.port(), config.tls() != null, config.connectTimeout());
    if (config.handlerExecutor() != null) {
      this.ownExecutor = null;
      this.handlerExecutor = config.handlerExecutor();
    } else {
      this.ownExecutor = Executors.newCachedThreadPool(daemonThreads(config.clientId()));
      this.handlerExecutor = ownExecutor;
    }
    this.listenerExecutor = new SerialExecutor(handlerExecutor);
    this.pendingPublishes = new Semaphore(config.maxPendingPublishes());
    Hooks hooks = new LifecycleHooks();
    this.protocol =
        config.version() == MqttVersion.V5
            ? new Mqtt5Protocol(config, hooks, this::route)
            : new Mqtt3Protocol(config, hooks, this::route);
  }

  public ClientConfig config() {
    return config;
  }

  public boolean isConnected() {
    return connected;
  }

  /** QoS 0 messages dropped because a handler's queue was full, since the client was built. */
  public long droppedQos0Messages() {
    return droppedQos0.get();
  }

  /** Connects and waits for the broker's CONNACK. */
  public void connect() {
    synchronized (lifecycle) {
      checkOpen();
      if (connected) {
        return;
      }
      LOG.debug("Connecting to {} as {}", failures.endpoint(), config.clientId());
      CompletableFuture<Boolean> attempt = protocol.connect();
      // HiveMQ bounds each phase (TCP, TLS, CONNACK) by the connect timeout; this outer bound only
      // guards against a phase that never starts.
      Duration limit = config.connectTimeout().multipliedBy(3).plusSeconds(1);
      try {
        attempt.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        protocol.disconnect(false);
        throw new ConnectionException(
            "Timed out after "
                + limit.toSeconds()
                + " s connecting to "
                + failures.endpoint()
                + "; check the address, and that no firewall drops the traffic.",
            e);
      } catch (ExecutionException e) {
        MqttClientException failure = failures.connect(e.getCause());
        LOG.debug("Connect to {} failed: {}", failures.endpoint(), failure.getMessage());
        throw withCallerStack(failure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionException("Interrupted while connecting to " + failures.endpoint(), e);
      }
    }
  }

  /** Sends a message; the future completes once the broker has acknowledged it at {@code qos}. */
  public CompletableFuture<Void> publishAsync(
      String topic, byte[] payload, int qos, boolean retain) {
    return enqueue(topic, payload, qos, retain, false);
  }

  /**
   * Queues a publish. {@code waitedOn}: the caller blocks on the returned future and nobody else
   * sees it, so it may complete on the network thread; any other future completes on the common
   * pool, so that what the application chains to it can never stall the network thread.
   */
  private CompletableFuture<Void> enqueue(
      String topic, byte[] payload, int qos, boolean retain, boolean waitedOn) {
    Topics.checkTopicName(topic);
    Topics.checkQos(qos);
    if (payload == null) {
      throw new IllegalArgumentException("Payload must not be null; send an empty array instead.");
    }
    checkOpen();
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (!acquirePublishPermit()) {
      result.completeExceptionally(
          new ConnectionException(
              config.maxPendingPublishes()
                  + " messages are already waiting for the broker at "
                  + failures.endpoint()
                  + " to acknowledge them, and none was acknowledged within "
                  + config.publishTimeout().toSeconds()
                  + " s; the connection is down or too slow. Wait, or raise maxPendingPublishes."));
      return result;
    }
    // The payload is copied: it may be sent after we return.
    outbox.add(
        new Outgoing(
            sequence.incrementAndGet(), topic, payload.clone(), qos, retain, waitedOn, result));
    drain();
    if (closed) {
      failUnsent(); // close() ran meanwhile and may have missed this one
    }
    return result;
  }

  /**
   * A publish accepted by {@link #publishAsync} and not yet handed to the protocol. A copy
   * published again after a reconnect has no {@code result}: nobody waits for it and it holds no
   * permit.
   */
  private record Outgoing(
      long sequence,
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      boolean waitedOn,
      CompletableFuture<Void> result) {

    Outgoing again() {
      return new Outgoing(sequence, topic, payload, qos, retain, false, null);
    }

    /** Runs on the network thread once the broker has answered (or the send failed). */
    void complete(Throwable failure, Failures failures) {
      if (result == null) {
        return;
      }
      if (waitedOn) {
        settle(failure, failures);
      } else {
        ForkJoinPool.commonPool().execute(() -> settle(failure, failures));
      }
    }

    /** Fails the caller's future with {@code refusal}, on the thread {@link #complete} would. */
    void refuse(MqttClientException refusal) {
      if (result == null) {
        return;
      }
      if (waitedOn) {
        result.completeExceptionally(refusal);
      } else {
        ForkJoinPool.commonPool().execute(() -> result.completeExceptionally(refusal));
      }
    }

    private void settle(Throwable failure, Failures failures) {
      if (failure == null) {
        result.complete(null);
      } else {
        result.completeExceptionally(failures.publish(failure, topic));
      }
    }
  }

  /**
   * Hands queued publishes to the protocol, in order, while fewer than {@link #MAX_HANDED} are
   * there. Whichever thread gets here first does the work (the publisher, or the thread that just
   * saw an acknowledgement); a thread arriving meanwhile leaves its share to that one. So no
   * publish waits for a thread switch, and none overtakes another.
   */
  private void drain() {
    if (droppingSession) {
      return; // connected() drains once the fresh session is up
    }
    if (draining.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (handed.get() < MAX_HANDED) {
        Outgoing next = republish.poll();
        if (next == null) {
          next = outbox.poll();
        }
        if (next == null) {
          break;
        }
        handed.incrementAndGet();
        send(next);
      }
      missed = draining.addAndGet(-missed);
    } while (missed != 0);
  }

  private void send(Outgoing outgoing) {
    if (outgoing.result() != null) {
      inFlight.put(outgoing, System.nanoTime());
    }
    CompletableFuture<Void> sent;
    try {
      sent =
          protocol.publish(outgoing.topic(), outgoing.payload(), outgoing.qos(), outgoing.retain());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, failure) -> {
          handed.decrementAndGet();
          inFlight.remove(outgoing);
          if (failure != null
              && droppingSession
              && !closed
              && outgoing != refused
              && Failures.droppedWithSession(failure)) {
            parked.add(outgoing); // keeps its permit; sent again once the fresh session is up
            return;
          }
          if (outgoing.result() != null) {
            pendingPublishes.release();
          }
          if (failure == null) {
            remember(outgoing);
          }
          drain(); // the next one goes before the application hears of this one
          outgoing.complete(failure, failures);
        });
  }

  private void remember(Outgoing acknowledged) {
    if (!config.republishRecentAfterReconnect() || acknowledged.qos() != 1) {
      return;
    }
    synchronized (recentlyAcknowledged) {
      if (recentlyAcknowledged.size() == MAX_HANDED) {
        recentlyAcknowledged.removeFirst();
      }
      recentlyAcknowledged.addLast(acknowledged.again());
    }
  }

  /** After a reconnect: the recently acknowledged QoS 1 messages go out again, before the rest. */
  private void republishRecent() {
    int count;
    synchronized (recentlyAcknowledged) {
      count = recentlyAcknowledged.size();
      republish.addAll(recentlyAcknowledged);
      recentlyAcknowledged.clear();
    }
    if (count > 0) {
      LOG.debug("Publishing again the {} QoS 1 messages acknowledged last", count);
      drain();
    }
  }

  /** After close: publishes never handed to the protocol fail instead of hanging. */
  private void failUnsent() {
    republish.clear();
    Outgoing outgoing;
    while ((outgoing = outbox.poll()) != null) {
      outgoing
          .result()
          .completeExceptionally(
              new MqttClientException(
                  "The client "
                      + config.clientId()
                      + " was closed before the message to '"
                      + outgoing.topic()
                      + "' was sent."));
    }
  }

  /**
   * After close: publishes HiveMQ holds for a connection that is down would otherwise wait for a
   * reconnect that never comes.
   */
  private void failUnacknowledged() {
    List<Outgoing> unacknowledged = new ArrayList<>(inFlight.keySet());
    Outgoing held;
    while ((held = parked.poll()) != null) {
      if (held.result() != null) {
        unacknowledged.add(held);
      }
    }
    for (Outgoing outgoing : unacknowledged) {
      outgoing
          .result()
          .completeExceptionally(
              new MqttClientException(
                  "The client "
                      + config.clientId()
                      + " was closed before the broker acknowledged the message to '"
                      + outgoing.topic()
                      + "'."));
    }
    inFlight.clear();
  }

  private boolean acquirePublishPermit() {
    try {
      return pendingPublishes.tryAcquire(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends a message and waits until the broker has acknowledged it at {@code qos}. */
  public void publish(String topic, byte[] payload, int qos, boolean retain) {
    CompletableFuture<Void> ack = enqueue(topic, payload, qos, retain, true);
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
    Topics.checkFilter(filter);
    Topics.checkQos(qos);
    if (handler == null) {
      throw new IllegalArgumentException("Handler must not be null.");
    }
    checkOpen();
    Subscription subscription = new Subscription(filter, handler);
    subscriptions.put(filter, subscription);
    CompletableFuture<Integer> subAck;
    try {
      subAck = protocol.subscribe(filter, qos);
    } catch (RuntimeException e) {
      subscriptions.remove(filter, subscription);
      throw failures.subscribe(e, filter);
    }
    CompletableFuture<Integer> translated = new CompletableFuture<>();
    subAck.whenComplete(
        (granted, failure) -> {
          if (failure == null) {
            translated.complete(granted);
          } else {
            subscriptions.remove(filter, subscription);
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

  /**
   * Runs on the network thread: hands a message to each matching subscription's queue. The message
   * is acknowledged to the broker once every matching subscription has taken it (see {@link
   * Subscription#deliver}); a message nobody wants is acknowledged at once.
   */
  private void route(Message message, Runnable acknowledge) {
    Acknowledgement ack = new Acknowledgement(acknowledge);
    List<Subscription> matching = new ArrayList<>(2);
    for (Subscription subscription : subscriptions.values()) {
      if (Topics.matches(subscription.topicFilter, message.topic())) {
        matching.add(subscription);
      }
    }
    if (matching.isEmpty()) {
      LOG.debug("No subscription matches a message to '{}'; dropping it", message.topic());
      ack.release(1);
      return;
    }
    if (matching.size() > 1
        && protocol.copiesPerSubscription()
        && matching.stream().anyMatch(Subscription::shared)) {
      // On 3.1.1 Mosquitto sends such a client one copy in all, which then goes to every matching
      // subscription: whether the group picked this client cannot be told.
      synchronized (sharedCopies) {
        matching =
            sharedCopies.targets(
                message,
                matching.stream().filter(s -> !s.shared()).toList(),
                matching.stream().filter(Subscription::shared).toList());
      }
      if (matching.isEmpty()) {
        ack.release(1);
        return;
      }
    } else if (matching.size() > 1 && protocol.copiesPerSubscription()) {
      synchronized (copies) {
        if (copies.isExtraCopy(message, matching.size(), System.nanoTime())) {
          ack.release(1);
          return;
        }
      }
    }
    ack.expect(matching.size());
    for (Subscription subscription : matching) {
      subscription.deliver(message, ack);
    }
  }

  /** Acknowledges a message to the broker once all its holders have released it. */
  private static final class Acknowledgement {
    private final Runnable acknowledge;
    private final AtomicInteger holders = new AtomicInteger(1);

    Acknowledgement(Runnable acknowledge) {
      this.acknowledge = acknowledge;
    }

    void expect(int count) {
      holders.set(count);
    }

    void release(int count) {
      if (holders.addAndGet(-count) == 0) {
        try {
          acknowledge.run();
        } catch (RuntimeException e) {
          // The connection it arrived on is gone; the broker sends the message again.
          LOG.debug("Could not acknowledge a message: {}", e.getMessage());
        }
      }
    }
  }

  /** Stops the subscription; its handler gets no further messages. */
  public void unsubscribe(String filter) {
    Topics.checkFilter(filter);
    checkOpen();
    subscriptions.remove(filter);
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
    }
    // Persistent sessions (clean start off) outlive the client on purpose; otherwise tell the
    // broker it may forget the session at once.
    boolean keepSession = !config.cleanStart();
    try {
      protocol.disconnect(keepSession).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Disconnect from {} did not complete cleanly", failures.endpoint(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connected = false;
    subscriptions.values().forEach(Subscription::warnIfDropped);
    subscriptions.clear();
    failUnsent();
    failUnacknowledged();
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    LOG.debug("Closed client {}", config.clientId());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "This MQTTClient (" + config.clientId() + ") is closed; build a new one.");
    }
  }

  private <T> T await(Future<T> future, java.util.function.Supplier<MqttClientException> timeout) {
    try {
      return future.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timeout.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
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
    MqttClientException copy;
    if (e instanceof BrokerRefusedException refused) {
      copy = new BrokerRefusedException(refused.getMessage(), refused.reasonCode());
      if (cause != null) {
        copy.initCause(cause);
      }
    } else if (e instanceof TlsException tls) {
      copy = new TlsException(tls.getMessage(), tls.file().orElse(null), cause);
    } else if (e instanceof ConnectionException) {
      copy = new ConnectionException(e.getMessage(), cause);
    } else {
      copy = new MqttClientException(e.getMessage(), cause);
    }
    return copy;
  }

  private Duration backoff(int attempts) {
    long initial = config.reconnectInitialDelay().toMillis();
    long max = config.reconnectMaxDelay().toMillis();
    long delay = initial << Math.min(attempts, 20);
    delay = Math.min(delay <= 0 ? max : delay, max);
    // Jitter spreads the reconnects of many clients after a broker restart.
    long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.max(1, delay - jitter));
  }

  /** Refusals that retrying quickly cannot fix: wrong credentials, a rejected certificate. */
  private static boolean isPermanent(MqttClientException failure) {
    if (failure instanceof TlsException) {
      return true;
    }
    if (failure instanceof BrokerRefusedException refused) {
      int code = refused.reasonCode();
      return code == 4 || code == 5 || code == 0x86 || code == 0x87 || code == 0x8A;
    }
    return false;
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
    for (ConnectionListener listener : config.listeners()) {
      listenerExecutor.execute(
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
      connectedAtNanos = System.nanoTime();
      connectedAfterFailedAttempts = attemptFailedSinceConnected;
      attemptFailedSinceConnected = false;
      if (droppingSession) {
        // HiveMQ has dropped its session (it does so before telling us of the connection) and
        // given back what it held; those go first, in their order, then the outbox.
        refused = null;
        Outgoing outgoing;
        while ((outgoing = parked.poll()) != null) {
          republish.add(outgoing);
        }
        droppingSession = false;
      }
      if (reconnect) {
        LOG.info(
            "Reconnected to {} as {} (session {})",
            failures.endpoint(),
            config.clientId(),
            sessionPresent ? "resumed" : "new; subscribing again");
      } else {
        LOG.info("Connected to {} as {}", failures.endpoint(), config.clientId());
      }
      CompletableFuture<Void> resubscribed =
          reconnect && !sessionPresent && !subscriptions.isEmpty()
              ? resubscribed()
              : CompletableFuture.completedFuture(null);
      if (reconnect && config.republishRecentAfterReconnect()) {
        republishRecent();
      }
      drain();
      // Told once the subscriptions are back, so a message published after this event reaches them.
      resubscribed.whenComplete(
          (ok, failure) -> notifyListeners(listener -> listener.connected(sessionPresent)));
    }

    @Override
    public Duration disconnected(Throwable cause, boolean byUser, int attempts) {
      boolean wasConnected = connected;
      connected = false;
      if (closed || byUser || !everConnected) {
        // The first connect() reports its own failure; close() needs no reconnect.
        return null;
      }
      MqttClientException failure = failures.disconnected(cause);
      if (failure instanceof BrokerRefusedException refused && refused.reasonCode() == 0x8E) {
        // Said to the application too, not only logged: it is the one that must fix the ids.
        BrokerRefusedException pushedOut =
            new BrokerRefusedException(
                failure.getMessage()
                    + " Not reconnecting, so the two clients do not keep pushing each other out;"
                    + " give each client its own clientId.",
                refused.reasonCode());
        pushedOut.initCause(failure);
        LOG.warn(pushedOut.getMessage());
        notifyListeners(listener -> listener.disconnected(pushedOut, false));
        return null;
      }
      Outgoing refusedNow =
          wasConnected && config.automaticReconnect() ? sentBeforeTwoCloses(cause) : null;
      if (refusedNow != null) {
        // Not a takeover: the broker closes each connection on reading this publish.
        quickCloses = 0;
        dropRefused(refusedNow);
      } else if (wasConnected && Failures.closedWithoutReason(cause)) {
        boolean quick = System.nanoTime() - connectedAtNanos < TAKEOVER_WINDOW_NANOS;
        // A connection that came back only after failed attempts closed again: the broker is
        // restarting (twice in a row, say), not a twin taking the session over.
        quickCloses = quick && !connectedAfterFailedAttempts ? quickCloses + 1 : 0;
      } else if (wasConnected) {
        quickCloses = 0;
      } else {
        attemptFailedSinceConnected = true;
      }
      if (quickCloses >= TAKEOVERS_BEFORE_GIVING_UP) {
        BrokerRefusedException pushedOut =
            new BrokerRefusedException(
                "The broker at "
                    + failures.endpoint()
                    + " closed the connection "
                    + quickCloses
                    + " times in a row within 2 s of accepting it (the last after a 2 s pause),"
                    + " without a reason: another"
                    + " client is most likely using the same client id '"
                    + config.clientId()
                    + "' and taking the session over. Not reconnecting, so the two clients do not"
                    + " keep pushing each other out; give each client its own clientId.",
                0x8E);
        pushedOut.initCause(failure);
        LOG.warn(pushedOut.getMessage());
        notifyListeners(listener -> listener.disconnected(pushedOut, false));
        return null;
      }
      if (!config.automaticReconnect()) {
        LOG.warn("{} Automatic reconnect is off.", failure.getMessage());
        notifyListeners(listener -> listener.disconnected(failure, false));
        return null;
      }
      Duration delay = isPermanent(failure) ? config.reconnectMaxDelay() : backoff(attempts);
      if (quickCloses == QUICK_CLOSES_BEFORE_PAUSING && delay.compareTo(TAKEOVER_WINDOW) < 0) {
        LOG.info(
            "The broker closed the connection twice right after accepting it; waiting {} s before"
                + " reconnecting, to tell a restarting broker from another client with the same"
                + " client id",
            TAKEOVER_WINDOW.toSeconds());
        delay = TAKEOVER_WINDOW;
      }
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
      return droppingSession;
    }
  }

  /**
   * Called when the broker closed a connection: the oldest publish still unacknowledged that was
   * sent right before this close and right before the previous one, or null. A broker that cannot
   * take a publish (too large for it, a QoS it does not support) and has no way to say so closes
   * the connection on reading it; HiveMQ sends it again first thing on the next connection, so that
   * one is closed at once too. The oldest: HiveMQ sends what it holds in order, and the broker
   * acknowledges what comes before the refused one.
   */
  private Outgoing sentBeforeTwoCloses(Throwable cause) {
    if (Failures.isKeepAliveTimeout(cause)) {
      sentBeforeLastClose = Set.of(); // HiveMQ closed it, the broker did not
      return null;
    }
    long since = System.nanoTime() - REFUSAL_WINDOW_NANOS;
    long connectedAt = connectedAtNanos;
    Set<Long> previous = sentBeforeLastClose;
    Set<Long> sent = new HashSet<>();
    Outgoing oldest = null;
    for (Map.Entry<Outgoing, Long> entry : inFlight.entrySet()) {
      long sentAt = Math.max(entry.getValue(), connectedAt);
      if (sentAt - since < 0) {
        continue;
      }
      Outgoing outgoing = entry.getKey();
      sent.add(outgoing.sequence());
      if (previous.contains(outgoing.sequence())
          && (oldest == null || outgoing.sequence() < oldest.sequence())) {
        oldest = outgoing;
      }
    }
    sentBeforeLastClose = oldest == null ? Set.copyOf(sent) : Set.of();
    return oldest;
  }

  /**
   * Fails the publish the broker refuses and has the next connection start a fresh session: HiveMQ
   * keeps sending a publish it holds for as long as the session lasts, and offers no way to drop
   * one. What the fresh session costs is in RELIABILITY.md.
   */
  private void dropRefused(Outgoing outgoing) {
    refused = outgoing;
    droppingSession = true;
    BrokerRefusedException refusal =
        new BrokerRefusedException(
            "The broker at "
                + failures.endpoint()
                + " closed the connection twice right after this publish to '"
                + outgoing.topic()
                + "' (QoS "
                + outgoing.qos()
                + ", "
                + outgoing.payload().length
                + " bytes); it most likely refuses it (too large, or QoS not supported). The"
                + " publish was not delivered.",
            0x80);
    LOG.warn(
        "{} Reconnecting with a fresh session, so that it is not sent again; messages the broker"
            + " held for this client's subscriptions while it was away are lost with the old"
            + " session.",
        refusal.getMessage());
    outgoing.refuse(refusal);
  }

  /**
   * One subscription's handler and the queue that keeps its messages in order. Flow control starts
   * once {@code maxQueuedPerSubscription} QoS 1 or 2 messages or {@code
   * maxQueuedBytesPerSubscription} bytes wait: a QoS 1 or 2 message is then acknowledged only once
   * its handler has run, so the broker's in-flight window stops the flow. A QoS 0 message, which
   * the broker cannot hold back, is bounded by bytes only, so a burst of small messages to a
   * handler that keeps up waits rather than being dropped; past the bytes it is dropped and
   * counted.
   */
  private final class Subscription {
    private final String filter;

    /** What topics are matched against: the filter without a {@code $share/group/} prefix. */
    private final String topicFilter;

    private final boolean shared;
    private final MessageHandler handler;
    private final SerialExecutor serial = new SerialExecutor(handlerExecutor);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();

    /** QoS 0 messages dropped since the queue last ran empty; told in one warning. */
    private final AtomicLong droppedInEpisode = new AtomicLong();

    Subscription(String filter, MessageHandler handler) {
      this.filter = filter;
      this.topicFilter = Topics.unshared(filter);
      this.shared = !topicFilter.equals(filter);
      this.handler = handler;
    }

    /**
     * Whether this is a shared subscription, whose copies the broker sends only when it picks us.
     */
    boolean shared() {
      return shared;
    }

    /** Runs on the network thread: only hands the message over. */
    void deliver(Message message, Acknowledgement ack) {
      if (subscriptions.get(filter) != this) {
        ack.release(1); // replaced or unsubscribed
        return;
      }
      long size = footprint(message);
      boolean withinBytes = queuedBytes.addAndGet(size) <= config.maxQueuedBytesPerSubscription();
      boolean room;
      if (message.qos() == 0) {
        if (!withinBytes) {
          queuedBytes.addAndGet(-size);
          ack.release(1);
          droppedInEpisode.incrementAndGet();
          droppedQos0.incrementAndGet();
          return;
        }
        room = true;
      } else {
        room = queued.incrementAndGet() <= config.maxQueuedPerSubscription() && withinBytes;
      }
      serial.execute(
          () -> {
            try {
              handle(message);
            } finally {
              if (message.qos() != 0) {
                queued.decrementAndGet();
              }
              if (queuedBytes.addAndGet(-size) == 0) {
                warnIfDropped();
              }
              if (!room) {
                ack.release(1);
              }
            }
          });
      // After the hand-over: writing the acknowledgement first would delay the handler by a write.
      if (room) {
        ack.release(1);
      }
    }

    /** Once the handler has caught up (or the client closes): one line for the whole episode. */
    void warnIfDropped() {
      long dropped = droppedInEpisode.getAndSet(0);
      if (dropped > 0) {
        LOG.warn(
            "Dropped {} QoS 0 messages for '{}' while its handler was {} bytes behind; it has"
                + " caught up. Make the handler faster, hand work to another thread, or raise"
                + " maxQueuedBytesPerSubscription (QoS 1 and 2 messages are held back at the"
                + " broker instead).",
            dropped,
            filter,
            config.maxQueuedBytesPerSubscription());
      }
    }

    private void handle(Message message) {
      if (subscriptions.get(filter) != this) {
        return;
      }
      try {
        handler.onMessage(message);
      } catch (Exception | LinkageError | AssertionError e) {
        LOG.warn(
            "The handler for '{}' threw on a message to '{}'; the subscription carries on.",
            filter,
            message.topic(),
            e);
      }
    }
  }

  /**
   * Roughly what a waiting message holds on the heap: the payload, the topic's characters, and the
   * message, task and queue node around them.
   */
  private static long footprint(Message message) {
    return message.payload().length + 2L * message.topic().length() + 128;
  }

  private static ThreadFactory daemonThreads(String clientId) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "simplemqtt-" + clientId + "-handler-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
