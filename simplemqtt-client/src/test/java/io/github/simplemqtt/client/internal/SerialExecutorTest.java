package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  /** A pool that runs what it is given only when the test says so. */
  private static final class ManualPool implements java.util.concurrent.Executor {
    final Queue<Runnable> turns = new ArrayDeque<>();

    @Override
    public void execute(Runnable turn) {
      turns.add(turn);
    }

    void runNextTurn() {
      turns.remove().run();
    }
  }

  @Test
  void tasksRunInOrderInOneTurnOfThePool() {
    ManualPool pool = new ManualPool();
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> ran = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      int task = i;
      serial.execute(() -> ran.add(task));
    }

    assertThat(pool.turns).hasSize(1);
    pool.runNextTurn();
    assertThat(ran).containsExactly(0, 1, 2);
    assertThat(pool.turns).isEmpty();
  }

  @Test
  void aTaskSubmittedAfterATurnEndedGetsATurnOfItsOwn() {
    ManualPool pool = new ManualPool();
    SerialExecutor serial = new SerialExecutor(pool);
    List<String> ran = new ArrayList<>();
    serial.execute(() -> ran.add("first"));
    pool.runNextTurn();

    serial.execute(() -> ran.add("second"));

    assertThat(pool.turns).hasSize(1);
    pool.runNextTurn();
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void aBusySubscriptionGivesItsThreadBackAfter256TasksAndCarriesOnInANewTurn() {
    ManualPool pool = new ManualPool();
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int task = i;
      serial.execute(() -> ran.add(task));
    }

    pool.runNextTurn();

    assertThat(ran).hasSize(256);
    assertThat(pool.turns).hasSize(1);
    pool.runNextTurn();
    assertThat(ran).hasSize(300).isSorted();
    assertThat(pool.turns).isEmpty();
  }
}
