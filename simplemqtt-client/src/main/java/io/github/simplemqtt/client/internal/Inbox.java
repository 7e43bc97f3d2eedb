package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageHandler;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.UserProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a client: its subscriptions, and the way each incoming message reaches the
 * handlers that match it. Each subscription has its own queue and thread turn, bounded by count
 * (QoS 1/2: acknowledged only as the handler takes them, so the broker holds the rest) and by bytes
 * (QoS 0: dropped past the bound, counted, one warning per episode). Copies the broker sends per
 * matching subscription are collapsed; messages no subscription matches yet are held briefly.
 */
final class Inbox {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MqttClient");

  /** How long a QoS 1/2 message no subscription matches waits for one before it is dropped. */
  static final Duration HOLD_UNMATCHED = Duration.ofSeconds(5);

  /** At most this many such messages wait; more push out the oldest. */
  static final int MAX_UNMATCHED = 1_000;

  private final ClientConfig config;
  private final Counters counters;
  private final Executor handlerExecutor;
  private final BooleanSupplier copiesPerSubscription;
  private final BooleanSupplier closed;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  /**
   * Makes "no subscription matches, so hold it" one step against a subscribe's "add, then take what
   * is held": else a message found unmatched just before the add was held just after the take, and
   * dropped 5 s later though its subscription was there (ResumedSessionIT lost 1 of 50).
   */
  private final Object subscribing = this; // this inbox's own monitor: one object less per client

  /** QoS 1/2 messages no subscription matched yet, held unacknowledged for HOLD_UNMATCHED. */
  private final Unmatched unmatched = new Unmatched(MAX_UNMATCHED);

  private final CopyCollapser copies = new CopyCollapser();
  private final SharedCopies sharedCopies = new SharedCopies();
  private static final AtomicLongFieldUpdater<Inbox> DROPPED_QOS0 =
      AtomicLongFieldUpdater.newUpdater(Inbox.class, "droppedQos0");

  private volatile long droppedQos0;

  Inbox(
      ClientConfig config,
      Counters counters,
      Executor handlerExecutor,
      BooleanSupplier copiesPerSubscription,
      BooleanSupplier closed) {
    this.config = config;
    this.counters = counters;
    this.handlerExecutor = handlerExecutor;
    this.copiesPerSubscription = copiesPerSubscription;
    this.closed = closed;
  }

  /** Registers {@code subscription}, replacing the one for the same filter. */
  void add(Subscription subscription) {
    synchronized (subscribing) {
      subscriptions.put(subscription.filter, subscription);
    }
  }

  /**
   * Registers {@code subscription}, replacing the one for the same filter, and hands it the held
   * messages it matches.
   */
  void addAndRedeliverHeld(Subscription subscription) {
    List<Unmatched.Held> taken;
    synchronized (subscribing) {
      subscriptions.put(subscription.filter, subscription);
      taken = unmatched.take(message -> Topics.matches(subscription.topicFilter, message.topic()));
    }
    for (Unmatched.Held held : taken) {
      route(held.message(), held.acknowledge());
    }
  }

  @Nullable Subscription get(String filter) {
    return subscriptions.get(filter);
  }

  void remove(String filter) {
    subscriptions.remove(filter);
  }

  void remove(String filter, Subscription subscription) {
    subscriptions.remove(filter, subscription);
  }

  boolean isEmpty() {
    return subscriptions.isEmpty();
  }

  /** QoS 0 messages dropped because a handler's queue was full, since the client was built. */
  long droppedQos0Messages() {
    return droppedQos0;
  }

  /** Forgets the held messages unacknowledged: on close, the broker keeps them in the session. */
  void forgetHeld() {
    unmatched.clear();
  }

  /** On close: reports what each subscription dropped, and ends them all. */
  void close() {
    subscriptions.values().forEach(Subscription::warnIfDropped);
    subscriptions.clear();
  }

  /** Holds a message no subscription matches yet; see {@link Unmatched}. */
  private void hold(Message message, Runnable acknowledge) {
    boolean first = unmatched.oldestNanos().isEmpty();
    Unmatched.Held pushedOut = unmatched.hold(message, acknowledge, System.nanoTime());
    if (pushedOut != null) {
      dropUnmatched(List.of(pushedOut));
    }
    if (first) {
      scheduleUnmatchedExpiry(HOLD_UNMATCHED.toNanos());
    }
  }

  private void scheduleUnmatchedExpiry(long delayNanos) {
    CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS)
        .execute(this::expireUnmatched);
  }

  private void expireUnmatched() {
    if (closed.getAsBoolean()) {
      return;
    }
    long now = System.nanoTime();
    dropUnmatched(unmatched.takeOlderThan(now - HOLD_UNMATCHED.toNanos()));
    unmatched
        .oldestNanos()
        .ifPresent(
            oldest ->
                scheduleUnmatchedExpiry(
                    Math.max(1, oldest + HOLD_UNMATCHED.toNanos() - System.nanoTime())));
  }

  private void dropUnmatched(List<Unmatched.Held> dropped) {
    if (dropped.isEmpty()) {
      return;
    }
    for (Unmatched.Held held : dropped) {
      try {
        held.acknowledge().run();
      } catch (RuntimeException e) {
        LOG.debug("Could not acknowledge a message: {}", e.getMessage());
      }
    }
    counters.add(Counters.Count.DROPPED_UNMATCHED, dropped.size());
    LOG.warn(
        "Dropped {} QoS 1/2 message(s) that no subscription of this client took within {} s (the"
            + " first to '{}'), as from a resumed session for topics no longer subscribed; to"
            + " receive such messages, subscribe before connect().",
        dropped.size(),
        HOLD_UNMATCHED.toSeconds(),
        dropped.get(0).message().topic());
  }

  /**
   * Runs on the network thread: hands a message to each matching subscription's queue. The message
   * is acknowledged to the broker once every matching subscription has taken it (see {@link
   * Subscription#deliver}); a QoS 1/2 message nobody wants yet is held (see {@link Unmatched}).
   */
  void route(Message message, Runnable acknowledge) {
    Acknowledgement ack = new Acknowledgement(acknowledge);
    List<Subscription> matching = matching(message);
    if (matching.isEmpty()) {
      if (message.qos() == 0 || closed.getAsBoolean()) {
        LOG.debug("No subscription matches a message to '{}'; dropping it", message.topic());
        ack.release(1);
        return;
      }
      synchronized (subscribing) {
        matching = matching(message);
        if (matching.isEmpty()) {
          hold(message, acknowledge);
          return;
        }
      }
    }
    if (matching.size() > 1
        && copiesPerSubscription.getAsBoolean()
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
    } else if (matching.size() > 1 && copiesPerSubscription.getAsBoolean()) {
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

  private List<Subscription> matching(Message message) {
    List<Subscription> matching = new ArrayList<>(2);
    for (Subscription subscription : subscriptions.values()) {
      if (Topics.matches(subscription.topicFilter, message.topic())) {
        matching.add(subscription);
      }
    }
    return matching;
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

  final class Subscription {
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
          DROPPED_QOS0.incrementAndGet(Inbox.this);
          counters.increment(Counters.Count.DROPPED_SLOW_HANDLER);
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
        counters.increment(
            Counters.Count.DROPPED_AT_CLOSE); // closed, or unsubscribed, before the handler ran
        return;
      }
      counters.increment(Counters.Count.DELIVERED);
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
    long bytes = message.payloadSize() + 2L * message.topic().length() + 128;
    MessageProperties properties = message.properties();
    if (!properties.isEmpty()) {
      for (UserProperty property : properties.userProperties()) {
        bytes += 2L * (property.name().length() + property.value().length()) + 64;
      }
      bytes += 2L * properties.contentType().map(String::length).orElse(0);
      bytes += 2L * properties.responseTopic().map(String::length).orElse(0);
      bytes += properties.correlationData().map(data -> data.length).orElse(0) + 128;
    }
    return bytes;
  }
}
