package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops every broker a test tracked, whatever the test did, and checks that no process it started
 * is left running: tests start real mosquitto processes that would otherwise outlive the JVM.
 */
final class StopBrokers implements AfterEachCallback {
  private final List<LocalBroker> brokers = new ArrayList<>();
  private final List<Process> others = new ArrayList<>();

  /** Registers {@code broker} to be stopped after the test; returns it. */
  LocalBroker track(LocalBroker broker) {
    brokers.add(broker);
    return broker;
  }

  /** Registers a helper process (a {@code sleep}, a child JVM) to be killed after the test. */
  Process track(Process process) {
    others.add(process);
    return process;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<Long> pids = new ArrayList<>();
    for (LocalBroker broker : brokers) {
      broker.status().pid().ifPresent(pids::add);
      broker.stop();
    }
    for (Process process : others) {
      process.destroyForcibly();
    }
    for (LocalBroker broker : brokers) {
      assertThat(broker.status().isRunning()).as("%s still running", broker).isFalse();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessProbe::isRunning))
          .as("process %d still running", pid)
          .isEmpty();
    }
    brokers.clear();
    others.clear();
  }
}
