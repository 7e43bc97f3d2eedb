package io.github.simplemqtt.client.internal;

import io.reactivex.disposables.Disposable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * HiveMQ's global flow of incoming messages, held only while the session can have messages for this
 * client: from before a connect that may resume a session, and from the first subscribe on. A flow
 * costs about 1 KiB per client (HiveMQ delivers through an RxJava {@code observeOn} with a 128-slot
 * queue), which a client that only publishes never needs.
 */
final class IncomingFlow {
  private final Supplier<Disposable> register;
  private @Nullable Disposable flow;
  private boolean subscribed;
  private boolean closing;
  private boolean registering;

  /** {@code register} subscribes to HiveMQ's global flow and returns the handle to end it. */
  IncomingFlow(Supplier<Disposable> register) {
    this.register = register;
  }

  /** Before a connect that resumes a session: its queued messages follow the CONNACK at once. */
  synchronized void open() {
    // HiveMQ ends every flow when its session ends while disconnected (our DISCONNECT with session
    // expiry 0): a dead one is replaced.
    if (flow == null || flow.isDisposed()) {
      flow = register.get();
    }
  }

  /** Before a SUBSCRIBE: the retained messages follow the SUBACK at once. Kept from then on. */
  synchronized void openForSubscriptions() {
    subscribed = true;
    open();
  }

  /** After a connect that found no session: until a subscribe, no message can come. */
  synchronized void closeUnlessSubscribed() {
    if (flow != null && !subscribed) {
      flow.dispose();
      flow = null;
    }
  }

  /**
   * HiveMQ ended the flow. It does so when it thinks the session ended while the connection was
   * down, though the broker may resume it at the next connect (seen under load: a subscriber
   * stopped receiving for good after a reset and lost 1,225 messages). Unless the client is
   * closing, a new flow takes its place so the next connection's messages find it.
   */
  synchronized boolean failed() {
    if (closing || registering || (flow != null && !flow.isDisposed())) {
      return false; // closing, a flow that fails at once while registering, or already replaced
    }
    registering = true;
    try {
      flow = register.get();
      return true;
    } finally {
      registering = false;
    }
  }

  /** From close() on: an ended flow is not replaced. */
  synchronized void closing() {
    closing = true;
  }

  /** Whether a live flow is registered; for tests. */
  synchronized boolean isOpen() {
    return flow != null && !flow.isDisposed();
  }
}
