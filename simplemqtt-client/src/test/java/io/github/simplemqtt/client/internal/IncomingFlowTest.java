package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.disposables.Disposable;
import io.reactivex.disposables.Disposables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncomingFlowTest {
  private final List<Disposable> registered = new ArrayList<>();
  private final IncomingFlow flow =
      new IncomingFlow(
          () -> {
            Disposable d = Disposables.empty();
            registered.add(d);
            return d;
          });

  @Test
  void nothingIsRegisteredUntilAskedFor() {
    assertThat(flow.isOpen()).isFalse();
    assertThat(registered).isEmpty();
  }

  @Test
  void aConnectThatFoundNoSessionEndsTheFlowItOpened() {
    flow.open();
    flow.open();
    assertThat(registered).hasSize(1);

    flow.closeUnlessSubscribed();

    assertThat(registered.get(0).isDisposed()).isTrue();
    assertThat(flow.isOpen()).isFalse();
  }

  @Test
  void aSubscriptionKeepsTheFlowForGood() {
    flow.openForSubscriptions();
    flow.closeUnlessSubscribed();

    assertThat(registered).hasSize(1);
    assertThat(registered.get(0).isDisposed()).isFalse();
    assertThat(flow.isOpen()).isTrue();
  }

  @Test
  void aFlowHiveMqEndedIsReplacedOnTheNextOpen() {
    flow.openForSubscriptions();
    registered.get(0).dispose(); // HiveMQ ends its flows with the session

    flow.openForSubscriptions();

    assertThat(registered).hasSize(2);
    assertThat(flow.isOpen()).isTrue();
  }

  @Test
  void aFlowHiveMqEndedIsReplacedUnlessTheClientCloses() {
    flow.openForSubscriptions();
    assertThat(flow.failed()).as("the live flow stays").isFalse();
    registered.get(0).dispose(); // HiveMQ ended it (session expired as the connection closed)

    assertThat(flow.failed()).isTrue();
    assertThat(registered).hasSize(2);
    assertThat(flow.isOpen()).isTrue();

    flow.closing();
    registered.get(1).dispose();
    assertThat(flow.failed()).isFalse();
    assertThat(registered).hasSize(2);
  }
}
