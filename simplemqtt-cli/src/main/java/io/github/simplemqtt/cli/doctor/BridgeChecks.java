package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.bridge.Bridge;
import io.github.simplemqtt.broker.bridge.Bridges;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code doctor --dir EDGE}, for each bridge: its certificate, key and CA files (step 1 of a client
 * diagnosis), the central reachable (step 2) and accepting the bridge's certificate in a TLS
 * handshake (step 3), run with the bridge's own files against its address; then its connection
 * state as the local broker keeps it (retained on the bridge's notification topic), read with a
 * client certificate of the edge.
 */
final class BridgeChecks {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private BridgeChecks() {}

  static void run(BrokerDirectory directory, Clock clock, List<Finding> out) {
    List<Bridge> bridges;
    try {
      bridges = Bridges.of(directory).list();
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return; // the config step says what is wrong with mosquitto.conf
    }
    for (Bridge bridge : bridges) {
      Target target =
          new Target(
              bridge.host(),
              bridge.port(),
              bridge.caFile(),
              bridge.certificateFile(),
              bridge.keyFile(),
              null,
              null,
              bridge.mqttVersion().equals("5") ? MqttVersion.V5 : MqttVersion.V3_1_1,
              null,
              "simplemqtt/doctor/" + Doctor.randomId(),
              TIMEOUT,
              TIMEOUT);
      List<Finding> steps = new ArrayList<>();
      boolean reached = connection(target, clock, steps);
      steps.forEach(f -> out.add(relabel(bridge, f)));
      if (reached) {
        out.add(
            Finding.passed(
                Step.BRIDGES,
                bridge.name()
                    + ": "
                    + bridge.address()
                    + " accepts the bridge's certificate ("
                    + bridge.identity()
                    + ")"));
      }
      out.add(state(directory, bridge));
    }
  }

  /** Steps 1 to 3 of a client diagnosis with the bridge's files; true when all passed. */
  private static boolean connection(Target target, Clock clock, List<Finding> out) {
    String clientId = "doctor-" + Doctor.randomId(); // never the bridge's: that would push it out
    LocalFileChecks.run(target, clock).forEach(out::add);
    if (out.stream().anyMatch(Finding::failed)) {
      return false;
    }
    try (Socket socket = TlsProbe.newSocket(target)) {
      NetworkCheck.run(target, socket).forEach(out::add);
      if (out.stream().anyMatch(Finding::failed)) {
        return false;
      }
      TlsCheck.judge(TlsProbe.gather(target, clock, clientId, socket), target).forEach(out::add);
    } catch (IOException e) {
      // Closing failed; the steps have said what they found.
    }
    return out.stream().noneMatch(Finding::failed);
  }

  private static Finding relabel(Bridge bridge, Finding finding) {
    return new Finding(
        Step.BRIDGES,
        finding.status(),
        bridge.name() + ": " + finding.summary(),
        finding.cause(),
        finding.fix());
  }

  private static Finding state(BrokerDirectory directory, Bridge bridge) {
    String summary = bridge.name() + ": connection state";
    if (directory.broker().status().state() != BrokerStatus.State.RUNNING) {
      return Finding.warning(
          Step.BRIDGES,
          summary + " unknown, the local broker is not running",
          "mosquitto runs the bridge; it is not running here.",
          "Start it: `simplemqtt broker start --dir " + directory.path() + "`.");
    }
    int tlsPort = directory.settings().tlsPort();
    Optional<Path> bundle = clientBundle(directory);
    if (tlsPort == 0 || bundle.isEmpty()) {
      return Finding.warning(
          Step.BRIDGES,
          summary + " not read",
          "Doctor reads "
              + bridge.stateTopic()
              + " from the local broker over mutual TLS with a client certificate of "
              + directory.path()
              + ", and "
              + (tlsPort == 0 ? "the broker has no TLS listener." : "there is none in clients/."),
          tlsPort == 0
              ? "See the bridge's lines in `simplemqtt broker logs --dir " + directory.path() + "`."
              : "Issue one: `simplemqtt cert client doctor --dir " + directory.path() + "`.");
    }
    Path files = bundle.get();
    BlockingQueue<String> states = new ArrayBlockingQueue<>(16);
    try (MqttClient client =
        MqttClient.builder()
            .broker("127.0.0.1", tlsPort)
            .tls(
                files.resolve("chain.crt"),
                files.resolve("client.crt"),
                files.resolve("client.key"))
            .clientId("doctor-" + Doctor.randomId())
            .connectTimeout(TIMEOUT)
            .publishTimeout(TIMEOUT)
            .automaticReconnect(false)
            .build()) {
      client.connect();
      client.subscribe(bridge.stateTopic(), 0, (Message m) -> states.offer(m.payloadAsString()));
      String state = states.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if ("1".equals(state)) {
        return Finding.passed(Step.BRIDGES, summary + ": connected (" + bridge.stateTopic() + ")");
      }
      if ("0".equals(state)) {
        return Finding.failed(
            Step.BRIDGES,
            summary + ": not connected (" + bridge.stateTopic() + " is 0)",
            "mosquitto's bridge "
                + bridge.name()
                + " is not connected to "
                + bridge.address()
                + "; it retries every few seconds.",
            "If the checks above passed, see why in `simplemqtt broker logs --dir "
                + directory.path()
                + "` and in the central's log (its ACL, its CRL).");
      }
      return Finding.warning(
          Step.BRIDGES,
          summary + ": no state on " + bridge.stateTopic(),
          "The local broker kept no state message for the bridge within "
              + TIMEOUT.toSeconds()
              + " s: it was not restarted since the bridge was added, or its ACL denies "
              + files.getFileName()
              + " that topic.",
          "Restart it (`simplemqtt broker stop --dir "
              + directory.path()
              + "`, then `start`), and run doctor again.");
    } catch (MqttClientException e) {
      return Finding.warning(
          Step.BRIDGES,
          summary + " not read",
          Sentences.sentence(
              "Doctor could not read it from the local broker as "
                  + files.getFileName()
                  + ": "
                  + e.getMessage()),
          "Run `simplemqtt doctor --dir "
              + directory.path()
              + " --as "
              + files.getFileName()
              + "` to see why.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Finding.warning(
          Step.BRIDGES, summary + " not read", "Doctor was interrupted.", "Run it again.");
    }
  }

  /** A client bundle of the edge whose certificate the edge's CA still accepts. */
  private static Optional<Path> clientBundle(BrokerDirectory directory) {
    List<String> usable;
    try {
      usable =
          directory.pki().list().stream()
              .filter(info -> info.role() == CertificateInfo.Role.CLIENT)
              .filter(info -> info.state().usable())
              .map(CertificateInfo::commonName)
              .toList();
    } catch (RuntimeException e) {
      return Optional.empty(); // the certificate step says what is wrong with the PKI
    }
    for (String name : usable) {
      Path folder = directory.clientDirectory(name);
      if (Files.isRegularFile(folder.resolve("client.key"))
          && Files.isRegularFile(folder.resolve("client.crt"))
          && Files.isRegularFile(folder.resolve("chain.crt"))) {
        return Optional.of(folder);
      }
    }
    return Optional.empty();
  }
}
