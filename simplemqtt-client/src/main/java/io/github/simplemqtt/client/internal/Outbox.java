package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.ReasonCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a client: publishes accepted and not yet acknowledged, handed to the protocol
 * in order and a bounded number at a time, their futures completed off the network thread, and the
 * way out of a publish the broker refuses by closing the connection. Thread-safe.
 */
final class Outbox {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.simplemqtt.client.MqttClient");

  /**
   * How many publishes at most are handed to HiveMQ and not yet completed. HiveMQ 1.3 holds up to
   * 64 publishes its connection has not taken yet (MAX_CONCURRENT_PUBLISH_FLOWABLES) and then
   * blocks the publishing thread until the connection takes one, which during an outage means until
   * the broker is back. Staying below that, no thread ever waits inside HiveMQ; further publishes
   * wait in the outbox, bounded by maxPendingPublishes.
   */
  static final int MAX_HANDED = 48;

  /**
   * A publish counts as sent right before a close when it was handed over, or its connection came
   * up (HiveMQ sends what it holds first thing), at most this long before the broker closed it.
   */
  private static final long REFUSAL_WINDOW_NANOS = Duration.ofSeconds(2).toNanos();

  /**
   * What bounds the outbox.
   *
   * @param clientId for sentences
   * @param maxPending publishes accepted and not yet acknowledged, at most
   * @param publishTimeout how long a publish waits for room among them
   * @param republishRecent whether the QoS 1 messages acknowledged last go out again after a
   *     reconnect
   */
  record Limits(
      String clientId, int maxPending, Duration publishTimeout, boolean republishRecent) {}

  // Every client has an outbox, so what it holds while idle is heap per connection (issue 20):
  // counters are fields updated in place, and what only a reconnect, a refused publish or
  // republishRecent needs is made when first needed.
  private static final AtomicIntegerFieldUpdater<Outbox> HANDED =
      AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "handed");
  private static final AtomicIntegerFieldUpdater<Outbox> DRAINING =
      AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "draining");
  private static final AtomicLongFieldUpdater<Outbox> SEQUENCE =
      AtomicLongFieldUpdater.newUpdater(Outbox.class, "sequence");

  private final Protocol protocol;
  private final Failures failures;
  private final Counters counters;
  private final String clientId;
  private final int maxPending;
  private final Duration publishTimeout;
  private final boolean republishRecent;
  private final BooleanSupplier closed;
  private final Semaphore pendingPublishes;

  private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private volatile int handed;
  private volatile int draining;
  private volatile long sequence;

  /**
   * With republishRecent: copies of the last QoS 1 messages the broker acknowledged, oldest first.
   * MAX_HANDED of them cover every message the broker can have acknowledged since it last saved, as
   * it acknowledges only what it has read and no more than that are unanswered.
   */
  private final @Nullable ArrayDeque<Outgoing> recentlyAcknowledged;

  /**
   * Publishes handed to the protocol whose caller still waits, oldest first, linked through their
   * own fields (no map entry per publish); close() fails what is left. Under this outbox's lock.
   */
  private @Nullable Outgoing inFlightFirst;

  private @Nullable Outgoing inFlightLast;

  /** Copies to publish again after a reconnect; they go before the outbox. Made at first use. */
  private volatile @Nullable Queue<Outgoing> republish;

  /**
   * Publishes HiveMQ gave back when it dropped its session to get rid of a refused publish, in the
   * order it held them; sent again once the fresh session is up. Under this outbox's lock; made at
   * first use.
   */
  private @Nullable ArrayDeque<Outgoing> parked;

  /** Sequence numbers of the publishes sent right before the broker last closed the connection. */
  private volatile Set<Long> sentBeforeLastClose = Set.of();

  /**
   * From finding a publish the broker refuses until the fresh session is up: nothing is handed to
   * the protocol (HiveMQ would fail it with the rest), and what HiveMQ gives back is parked.
   */
  private volatile boolean droppingSession;

  /** The publish the broker refuses, while {@link #droppingSession}. */
  private volatile @Nullable Outgoing refused;

  /** {@code closed} tells whether the client is closed (or closing). */
  Outbox(
      Protocol protocol,
      Failures failures,
      Counters counters,
      Limits limits,
      BooleanSupplier closed) {
    this.protocol = protocol;
    this.failures = failures;
    this.counters = counters;
    this.clientId = limits.clientId();
    this.maxPending = limits.maxPending();
    this.publishTimeout = limits.publishTimeout();
    this.republishRecent = limits.republishRecent();
    this.closed = closed;
    this.pendingPublishes = new Semaphore(maxPending);
    this.recentlyAcknowledged = republishRecent ? new ArrayDeque<>(MAX_HANDED) : null;
  }

  /**
   * Queues a publish whose arguments the caller checked. {@code waitedOn}: the caller blocks on the
   * returned future and nobody else sees it, so it may complete on the network thread; any other
   * future completes on the common pool, so that what the application chains to it can never stall
   * the network thread. {@code owned}: the payload is a copy nobody else holds, not copied again.
   */
  CompletableFuture<Void> offer(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      MessageProperties properties,
      boolean waitedOn,
      boolean owned) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    counters.increment(Counters.Count.PUBLISHED);
    if (!acquirePublishPermit()) {
      counters.increment(Counters.Count.FAILED);
      result.completeExceptionally(
          new ConnectionException(
              maxPending
                  + " messages are already waiting for the broker at "
                  + failures.endpoint()
                  + " to acknowledge them, and none was acknowledged within "
                  + publishTimeout.toSeconds()
                  + " s; the connection is down or too slow",
              "Wait, or raise maxPendingPublishes.",
              null));
      return result;
    }
    // The payload is copied unless the caller's is already private: it may be sent after we return.
    outbox.add(
        new Outgoing(
            SEQUENCE.incrementAndGet(this),
            topic,
            owned ? payload : payload.clone(),
            qos,
            retain,
            properties,
            waitedOn,
            result));
    drain();
    if (closed.getAsBoolean()) {
      failUnsent(); // close() ran meanwhile and may have missed this one
    }
    return result;
  }

  /**
   * A publish accepted by {@link #offer}. A copy published again after a reconnect has no {@code
   * result}: nobody waits for it and it holds no permit. While handed to the protocol with a
   * result, it is in the outbox's in-flight list, through the fields under the outbox's lock.
   */
  private static final class Outgoing {
    private final long sequence;
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final MessageProperties properties;
    private final boolean waitedOn;
    private final @Nullable CompletableFuture<Void> result;

    /** When it was handed to the protocol (System.nanoTime()); in-flight list only. */
    long handedAtNanos;

    @Nullable Outgoing previousInFlight;
    @Nullable Outgoing nextInFlight;
    boolean inFlight;

    Outgoing(
        long sequence,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        MessageProperties properties,
        boolean waitedOn,
        @Nullable CompletableFuture<Void> result) {
      this.sequence = sequence;
      this.topic = topic;
      this.payload = payload;
      this.qos = qos;
      this.retain = retain;
      this.properties = properties;
      this.waitedOn = waitedOn;
      this.result = result;
    }

    long sequence() {
      return sequence;
    }

    String topic() {
      return topic;
    }

    byte[] payload() {
      return payload;
    }

    int qos() {
      return qos;
    }

    boolean retain() {
      return retain;
    }

    MessageProperties properties() {
      return properties;
    }

    @Nullable CompletableFuture<Void> result() {
      return result;
    }

    Outgoing again() {
      return new Outgoing(sequence, topic, payload, qos, retain, properties, false, null);
    }

    /** Runs on the network thread once the broker has answered (or the send failed). */
    void complete(@Nullable Throwable failure, Failures failures, Counters counters) {
      CompletableFuture<Void> future = result;
      if (future == null) {
        return;
      }
      if (waitedOn) {
        settle(future, failure, failures, counters);
      } else {
        ForkJoinPool.commonPool().execute(() -> settle(future, failure, failures, counters));
      }
    }

    /** Fails the caller's future with {@code refusal}, on the thread {@link #complete} would. */
    void refuse(MqttClientException refusal, Counters counters) {
      CompletableFuture<Void> future = result;
      if (future == null) {
        return;
      }
      if (waitedOn) {
        counters.publishEnded(future.completeExceptionally(refusal), false);
      } else {
        ForkJoinPool.commonPool()
            .execute(() -> counters.publishEnded(future.completeExceptionally(refusal), false));
      }
    }

    /** Fails the caller's future because the client closed. */
    void abandon(MqttClientException closed, Counters counters) {
      if (result != null) {
        counters.publishEnded(result.completeExceptionally(closed), false);
      }
    }

    private void settle(
        CompletableFuture<Void> future,
        @Nullable Throwable failure,
        Failures failures,
        Counters counters) {
      if (failure == null) {
        counters.publishEnded(future.complete(null), true);
      } else {
        counters.publishEnded(
            future.completeExceptionally(failures.publish(failure, topic)), false);
      }
    }
  }

  /**
   * Hands queued publishes to the protocol, in order, while fewer than {@link #MAX_HANDED} are
   * there. Whichever thread gets here first does the work (the publisher, or the thread that just
   * saw an acknowledgement); a thread arriving meanwhile leaves its share to that one. So no
   * publish waits for a thread switch, and none overtakes another.
   */
  void drain() {
    if (droppingSession) {
      return; // resume() drains once the fresh session is up
    }
    if (DRAINING.getAndIncrement(this) != 0) {
      return;
    }
    int missed = 1;
    do {
      while (handed < MAX_HANDED) {
        Queue<Outgoing> again = republish;
        Outgoing next = again == null ? null : again.poll();
        if (next == null) {
          next = outbox.poll();
        }
        if (next == null) {
          break;
        }
        HANDED.incrementAndGet(this);
        send(next);
      }
      missed = DRAINING.addAndGet(this, -missed);
    } while (missed != 0);
  }

  private void send(Outgoing outgoing) {
    if (outgoing.result() != null) {
      addInFlight(outgoing, System.nanoTime());
    }
    CompletableFuture<Void> sent;
    try {
      sent =
          protocol.publish(
              outgoing.topic(),
              outgoing.payload(),
              outgoing.qos(),
              outgoing.retain(),
              outgoing.properties());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, failure) -> {
          HANDED.decrementAndGet(this);
          removeInFlight(outgoing);
          if (failure != null
              && droppingSession
              && !closed.getAsBoolean()
              && outgoing != refused
              && Failures.droppedWithSession(failure)) {
            park(outgoing); // keeps its permit; sent again once the fresh session is up
            return;
          }
          if (outgoing.result() != null) {
            pendingPublishes.release();
          }
          if (failure == null) {
            remember(outgoing);
          }
          drain(); // the next one goes before the application hears of this one
          outgoing.complete(failure, failures, counters);
        });
  }

  private synchronized void addInFlight(Outgoing outgoing, long nowNanos) {
    outgoing.handedAtNanos = nowNanos;
    outgoing.inFlight = true;
    outgoing.previousInFlight = inFlightLast;
    outgoing.nextInFlight = null;
    if (inFlightLast == null) {
      inFlightFirst = outgoing;
    } else {
      inFlightLast.nextInFlight = outgoing;
    }
    inFlightLast = outgoing;
  }

  private synchronized void removeInFlight(Outgoing outgoing) {
    if (!outgoing.inFlight) {
      return; // never added (nobody waits for it), or close() took it already
    }
    outgoing.inFlight = false;
    Outgoing previous = outgoing.previousInFlight;
    Outgoing next = outgoing.nextInFlight;
    if (previous == null) {
      inFlightFirst = next;
    } else {
      previous.nextInFlight = next;
    }
    if (next == null) {
      inFlightLast = previous;
    } else {
      next.previousInFlight = previous;
    }
    outgoing.previousInFlight = null;
    outgoing.nextInFlight = null;
  }

  /** How many publishes are in the in-flight list; for tests. */
  synchronized int inFlightCount() {
    int count = 0;
    for (Outgoing o = inFlightFirst; o != null; o = o.nextInFlight) {
      count++;
    }
    return count;
  }

  /** Empties the in-flight list and returns what it held, oldest first. */
  private synchronized List<Outgoing> takeInFlight() {
    List<Outgoing> taken = new ArrayList<>();
    for (Outgoing o = inFlightFirst; o != null; ) {
      Outgoing next = o.nextInFlight;
      o.inFlight = false;
      o.previousInFlight = null;
      o.nextInFlight = null;
      taken.add(o);
      o = next;
    }
    inFlightFirst = null;
    inFlightLast = null;
    return taken;
  }

  private synchronized void park(Outgoing outgoing) {
    if (parked == null) {
      parked = new ArrayDeque<>();
    }
    parked.add(outgoing);
  }

  /** Empties the parked publishes and returns them, in their order. */
  private synchronized List<Outgoing> unpark() {
    if (parked == null || parked.isEmpty()) {
      return List.of();
    }
    List<Outgoing> taken = new ArrayList<>(parked);
    parked.clear();
    return taken;
  }

  /** The queue of copies to publish again, made at first use. */
  private Queue<Outgoing> republishQueue() {
    Queue<Outgoing> queue = republish;
    if (queue == null) {
      synchronized (this) {
        queue = republish;
        if (queue == null) {
          queue = new ConcurrentLinkedQueue<>();
          republish = queue;
        }
      }
    }
    return queue;
  }

  private void remember(Outgoing acknowledged) {
    ArrayDeque<Outgoing> recentlyAcknowledged = this.recentlyAcknowledged;
    if (recentlyAcknowledged == null || acknowledged.qos() != 1) {
      return;
    }
    synchronized (recentlyAcknowledged) {
      if (recentlyAcknowledged.size() == MAX_HANDED) {
        recentlyAcknowledged.removeFirst();
      }
      recentlyAcknowledged.addLast(acknowledged.again());
    }
  }

  /**
   * A connection is up. After a refused publish, HiveMQ has dropped its session (it does so before
   * telling us of the connection) and given back what it held: those go first, in their order, then
   * the outbox; {@link #resume} sends them.
   */
  void sessionUp() {
    if (droppingSession) {
      refused = null;
      List<Outgoing> given = unpark();
      if (!given.isEmpty()) {
        republishQueue().addAll(given);
      }
      droppingSession = false;
    }
  }

  /**
   * Sends what waits, after {@link #sessionUp}. With {@code reconnect} and republishRecent, the QoS
   * 1 messages acknowledged last go out again before the rest.
   */
  void resume(boolean reconnect) {
    if (reconnect && republishRecent) {
      republishRecent();
    }
    drain();
  }

  private void republishRecent() {
    ArrayDeque<Outgoing> recentlyAcknowledged = this.recentlyAcknowledged;
    if (recentlyAcknowledged == null) {
      return;
    }
    int count;
    synchronized (recentlyAcknowledged) {
      count = recentlyAcknowledged.size();
      if (count > 0) {
        republishQueue().addAll(recentlyAcknowledged);
      }
      recentlyAcknowledged.clear();
    }
    if (count > 0) {
      LOG.debug("Publishing again the {} QoS 1 messages acknowledged last", count);
    }
  }

  /** Whether the next connection must start a fresh session to get rid of a refused publish. */
  boolean droppingSession() {
    return droppingSession;
  }

  /**
   * The broker closed a connection that was up since {@code connectedAtNanos}: when the oldest
   * publish still unacknowledged was sent right before this close and right before the previous
   * one, fails it and has the next connection start a fresh session; returns whether it did. A
   * broker that cannot take a publish (too large for it, a QoS it does not support) and has no way
   * to say so closes the connection on reading it; HiveMQ sends it again first thing on the next
   * connection, so that one is closed at once too. The oldest: HiveMQ sends what it holds in order,
   * and the broker acknowledges what comes before the refused one.
   */
  boolean refuseSentBeforeTwoCloses(Throwable cause, long connectedAtNanos) {
    if (Failures.isKeepAliveTimeout(cause)) {
      sentBeforeLastClose = Set.of(); // HiveMQ closed it, the broker did not
      return false;
    }
    long since = System.nanoTime() - REFUSAL_WINDOW_NANOS;
    Set<Long> previous = sentBeforeLastClose;
    Set<Long> sent = new HashSet<>();
    Outgoing oldest = null;
    synchronized (this) {
      for (Outgoing outgoing = inFlightFirst; outgoing != null; outgoing = outgoing.nextInFlight) {
        long sentAt = Math.max(outgoing.handedAtNanos, connectedAtNanos);
        if (sentAt - since < 0) {
          continue;
        }
        sent.add(outgoing.sequence());
        if (previous.contains(outgoing.sequence())
            && (oldest == null || outgoing.sequence() < oldest.sequence())) {
          oldest = outgoing;
        }
      }
    }
    sentBeforeLastClose = oldest == null ? Set.copyOf(sent) : Set.of();
    if (oldest == null) {
      return false;
    }
    dropRefused(oldest);
    return true;
  }

  /**
   * Fails the publish the broker refuses and has the next connection start a fresh session: HiveMQ
   * keeps sending a publish it holds for as long as the session lasts, and offers no way to drop
   * one. What the fresh session costs is in RELIABILITY.md.
   */
  private void dropRefused(Outgoing outgoing) {
    refused = outgoing;
    droppingSession = true;
    String closedTwice =
        "The broker at "
            + failures.endpoint()
            + " closed the connection twice right after this publish to '"
            + outgoing.topic()
            + "' (QoS "
            + outgoing.qos()
            + ", "
            + outgoing.payload().length
            + " bytes); ";
    Failures.ContentRefusal known = Failures.refusedByContent(outgoing.topic(), outgoing.qos());
    BrokerRefusedException refusal =
        known != null
            ? new BrokerRefusedException(
                closedTwice + known.why(), known.fix(), ReasonCode.UNSPECIFIED_ERROR.code())
            : new BrokerRefusedException(
                closedTwice
                    + "it most likely refuses it (too large, or QoS not supported). The publish was"
                    + " not delivered.",
                ReasonCode.UNSPECIFIED_ERROR);
    LOG.warn(
        "{} Reconnecting with a fresh session, so that it is not sent again; messages the broker"
            + " held for this client's subscriptions while it was away are lost with the old"
            + " session.",
        refusal.getMessage());
    outgoing.refuse(refusal, counters);
  }

  /**
   * On close: fails the publishes never handed to the protocol, and those HiveMQ holds for a
   * connection that is down, which would otherwise wait for a reconnect that never comes.
   */
  void close() {
    failUnsent();
    failUnacknowledged();
  }

  private void failUnsent() {
    Queue<Outgoing> again = republish;
    if (again != null) {
      again.clear();
    }
    Outgoing outgoing;
    while ((outgoing = outbox.poll()) != null) {
      outgoing.abandon(
          new MqttClientException(
              "The client "
                  + clientId
                  + " was closed before the message to '"
                  + outgoing.topic()
                  + "' was sent."),
          counters);
    }
  }

  private void failUnacknowledged() {
    List<Outgoing> unacknowledged = takeInFlight();
    for (Outgoing held : unpark()) {
      if (held.result() != null) {
        unacknowledged.add(held);
      }
    }
    for (Outgoing outgoing : unacknowledged) {
      outgoing.abandon(
          new MqttClientException(
              "The client "
                  + clientId
                  + " was closed before the broker acknowledged the message to '"
                  + outgoing.topic()
                  + "'."),
          counters);
    }
  }

  private boolean acquirePublishPermit() {
    try {
      return pendingPublishes.tryAcquire(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
