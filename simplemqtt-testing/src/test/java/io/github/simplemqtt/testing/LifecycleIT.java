package io.github.simplemqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.client.MqttClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs small test classes with JUnit's engine and checks what the extension did around them: which
 * broker each test saw, and that every broker is stopped and deleted when its scope ends. The
 * sample classes are static nested classes, which Maven's test plugins do not run by themselves.
 */
class LifecycleIT {
  /** What a sample test saw: its broker's folder, process and port. */
  record Seen(String test, Path path, long pid, int port) {}

  static final List<Seen> seen = new CopyOnWriteArrayList<>();
  static final List<MqttClient> clients = new CopyOnWriteArrayList<>();

  @BeforeEach
  void forget() {
    seen.clear();
    clients.clear();
  }

  static void see(String test, MosquittoBroker broker) {
    BrokerStatus status = broker.process().status();
    assertThat(status.state()).isEqualTo(BrokerStatus.State.RUNNING);
    seen.add(new Seen(test, broker.path(), status.pid().orElseThrow(), broker.port()));
  }

  private static EngineExecutionResults run(Class<?>... classes) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(
            Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .execute();
  }

  private static void assertAllSucceeded(EngineExecutionResults results, int tests) {
    assertThat(failures(results)).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(tests).succeeded(tests).skipped(0));
  }

  private static List<String> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().map(Throwable::toString).orElse("?"))
        .toList();
  }

  /** Once a scope has ended: folder deleted, process gone, port closed. */
  private static void assertGone(Seen seen) {
    assertThat(seen.path()).as("broker folder").doesNotExist();
    assertThat(seen.path().getParent()).as("temporary folder").doesNotExist();
    assertThat(ProcessHandle.of(seen.pid()).map(ProcessHandle::isAlive).orElse(false))
        .as("mosquitto pid " + seen.pid() + " alive")
        .isFalse();
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", seen.port()), 1000);
              }
            })
        .as("port " + seen.port())
        .isInstanceOf(IOException.class);
  }

  // --- one broker per class; a later test finds it running again after an earlier one killed it

  @MosquittoTest(tls = false)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    @Test
    @Order(1)
    void killsTheBroker(MosquittoBroker broker) {
      see("kills", broker);
      assertThatThrownBy(broker::tlsPort).hasMessageContaining("no TLS listener");
      broker.kill();
    }

    @Test
    @Order(2)
    void findsItRunning(MosquittoBroker broker) {
      see("finds", broker);
    }

    @Nested
    class Inner {
      @Test
      void sharesTheOuterBroker(MosquittoBroker broker) {
        see("nested", broker);
      }
    }
  }

  @Test
  void perClassBrokerIsSharedRunningAgainAfterAKillAndDeletedAfterTheClass() {
    assertAllSucceeded(run(PerClass.class), 3);
    assertThat(seen).extracting(Seen::path).containsOnly(seen.get(0).path());
    assertThat(seen).extracting(Seen::port).containsOnly(seen.get(0).port());
    assertThat(seen.get(1).pid()).as("started again").isNotEqualTo(seen.get(0).pid());
    seen.forEach(LifecycleIT::assertGone);
  }

  // --- one broker per test, with the annotation and with the builder in an instance field

  @MosquittoTest(tls = false, scope = MosquittoTest.Scope.TEST)
  static class PerTest {
    @Test
    void first(MosquittoBroker broker) {
      see("first", broker);
    }

    @Test
    void second(MosquittoBroker broker) {
      see("second", broker);
    }
  }

  static class BuilderPerTest {
    @RegisterExtension
    MosquittoExtension mosquitto = MosquittoExtension.builder().user("u", "p").withoutTls().build();

    @ConnectedClient(user = "u")
    MqttClient client;

    @Test
    void first(MosquittoBroker broker) {
      assertThat(client.isConnected()).isTrue();
      see("first", broker);
    }

    @Test
    void second(MosquittoBroker broker) {
      assertThat(client.isConnected()).isTrue();
      see("second", broker);
    }
  }

  @Test
  void perTestBrokersAreNewForEachTestAndDeletedAfterIt() {
    assertAllSucceeded(run(PerTest.class, BuilderPerTest.class), 4);
    assertThat(seen).extracting(Seen::path).doesNotHaveDuplicates().hasSize(4);
    seen.forEach(LifecycleIT::assertGone);
  }

  // --- one broker per JVM run for every class declaring the same broker

  @MosquittoTest(users = "shared:pw", tls = false, scope = MosquittoTest.Scope.JVM)
  static class JvmFirst {
    @Test
    void test(MosquittoBroker broker, @ConnectedClient(user = "shared") MqttClient client) {
      assertThat(client.isConnected()).isTrue();
      see("first", broker);
    }
  }

  @MosquittoTest(users = "shared:pw", tls = false, scope = MosquittoTest.Scope.JVM)
  static class JvmSecond {
    @Test
    void test(MosquittoBroker broker) {
      see("second", broker);
    }
  }

  @MosquittoTest(anonymous = true, tls = false, scope = MosquittoTest.Scope.JVM)
  static class JvmOther {
    @Test
    void test(MosquittoBroker broker, @ConnectedClient MqttClient anonymous) {
      assertThat(anonymous.isConnected()).isTrue();
      see("other", broker);
    }
  }

  @Test
  void jvmBrokerIsSharedByClassesDeclaringTheSameAndStoppedWhenTheRunEnds() {
    assertAllSucceeded(run(JvmFirst.class, JvmSecond.class, JvmOther.class), 3);
    assertThat(seen).extracting(Seen::test).containsExactly("first", "second", "other");
    // The second class found the first class's broker still running: same folder, same process.
    assertThat(seen.get(1))
        .isEqualTo(new Seen("second", seen.get(0).path(), seen.get(0).pid(), seen.get(0).port()));
    assertThat(seen.get(2).path()).isNotEqualTo(seen.get(0).path());
    seen.forEach(LifecycleIT::assertGone);
  }

  @Test
  void jvmBrokerIsStoppedWhenTheRunEndsOnJUnitsBefore5_13() {
    // JUnit before 5.13 closes only CloseableResource values of its stores, never AutoCloseable
    // ones; this switch makes 5.13 behave the same, as a user's project on JUnit 5.10 would.
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(
                "junit.jupiter.extensions.store.close.autocloseable.enabled", "false")
            .selectors(selectClass(JvmFirst.class))
            .execute();
    assertAllSucceeded(results, 1);
    assertThat(seen).hasSize(1);
    assertGone(seen.get(0));
  }

  // --- connected clients: per test, per class, closed when their scope ends

  @MosquittoTest(users = "alice:pw", certificates = "device1")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Clients {
    @ConnectedClient(certificate = "device1")
    MqttClient device;

    @ConnectedClient(user = "alice")
    static MqttClient classWide;

    static MqttClient fromBeforeAll;

    @BeforeAll
    static void connect(@ConnectedClient(user = "alice") MqttClient client) {
      fromBeforeAll = client;
    }

    @Test
    @Order(1)
    void first(@ConnectedClient(user = "alice") MqttClient alice, RecordingHandler received) {
      assertThat(List.of(device, alice, classWide, fromBeforeAll))
          .allMatch(MqttClient::isConnected);
      alice.subscribe("clients/#", 1, received);
      device.publish("clients/device1", "hello", 1, false);
      assertThat(received.take(Duration.ofSeconds(10)).payloadAsString()).isEqualTo("hello");
      clients.add(device);
      clients.add(alice);
    }

    @Test
    @Order(2)
    void second() {
      assertThat(clients).noneMatch(MqttClient::isConnected);
      assertThat(device).isNotIn(clients);
      assertThat(List.of(device, classWide, fromBeforeAll)).allMatch(MqttClient::isConnected);
      clients.add(device);
      clients.add(classWide);
      clients.add(fromBeforeAll);
    }
  }

  @Test
  void connectedClientsAreClosedWhenTheirTestOrClassEnds() {
    assertAllSucceeded(run(Clients.class), 2);
    assertThat(clients).hasSize(5).noneMatch(MqttClient::isConnected);
  }

  // --- mistakes and a missing mosquitto fail, in words; nothing is skipped

  static final String MISSING = "/nonexistent/simplemqtt/mosquitto";

  @MosquittoTest(mosquittoExecutable = MISSING)
  static class NoMosquitto {
    @Test
    void neverRuns() {
      throw new AssertionError("ran without a broker");
    }
  }

  @MosquittoTest(mosquittoExecutable = MISSING, scope = MosquittoTest.Scope.TEST)
  static class NoMosquittoPerTest {
    @Test
    void neverRuns() {
      throw new AssertionError("ran without a broker");
    }
  }

  static class NoMosquittoBuilder {
    @RegisterExtension
    static MosquittoExtension mosquitto =
        MosquittoExtension.builder().mosquittoExecutable(Paths.get(MISSING)).build();

    @Test
    void neverRuns() {
      throw new AssertionError("ran without a broker");
    }
  }

  @Test
  void missingMosquittoFailsWithTheInstallCommandAndSkipsNothing() {
    EngineExecutionResults results =
        run(NoMosquitto.class, NoMosquittoPerTest.class, NoMosquittoBuilder.class);
    assertThat(failures(results))
        .hasSize(3)
        .allSatisfy(
            failure ->
                assertThat(failure)
                    .contains("needs a real mosquitto")
                    .contains(MISSING)
                    .contains("sudo apt-get install mosquitto")
                    .doesNotContain("simplemqtt-test-"));
    // Class-wide brokers fail their class; a per-test broker fails the test. None is skipped.
    results.containerEvents().assertStatistics(s -> s.failed(2).skipped(0).aborted(0));
    results.testEvents().assertStatistics(s -> s.started(1).failed(1).skipped(0).aborted(0));
    assertThat(results.testEvents().failed().stream().map(Event::getTestDescriptor))
        .extracting(d -> d.getDisplayName())
        .containsExactly("neverRuns()");
    assertThat(Files.exists(Paths.get(MISSING))).isFalse();
  }

  @MosquittoTest(users = "alice:pw", certificates = "device1", tls = true)
  static class Mistakes {
    @Test
    void bothUserAndCertificate(
        @ConnectedClient(user = "alice", certificate = "device1") MqttClient c) {}

    @Test
    void undeclaredUser(@ConnectedClient(user = "bob") MqttClient c) {}

    @Test
    void anonymousNotAllowed(@ConnectedClient MqttClient c) {}
  }

  @Test
  void misdeclaredClientsFailSayingWhatToDo() {
    EngineExecutionResults results = run(Mistakes.class);
    results.testEvents().assertStatistics(s -> s.started(3).failed(3).skipped(0));
    assertThat(String.join("\n", failures(results)))
        .contains("names both a user and a certificate; a client logs in one way, choose one")
        .contains("No user named 'bob'; declare it with users = \"bob:password\"")
        .contains("could not connect with no user (anonymous)")
        .contains("not authorised");
  }
}
