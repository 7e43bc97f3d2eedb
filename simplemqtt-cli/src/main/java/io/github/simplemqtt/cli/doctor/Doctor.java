package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.io.IOException;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The diagnosis of a client connection, apart from the command line: runs the steps in order (local
 * files, network, TLS, MQTT connect, round trip) and stops at the first failure. Each finding goes
 * to the listener as soon as it is known, so a slow step shows where it is.
 */
final class Doctor {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Clock clock;

  Doctor(Clock clock) {
    this.clock = clock;
  }

  /** A client id (and round-trip topic suffix) no one else uses. */
  static String randomId() {
    StringBuilder id = new StringBuilder("simplemqtt-doctor-");
    for (int i = 0; i < 10; i++) {
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString().toLowerCase(Locale.ROOT);
  }

  /** Runs every step and returns what was found; the last finding is the failure, if any. */
  List<Finding> diagnose(Target target, String clientId) {
    List<Finding> findings = new ArrayList<>();
    diagnose(target, clientId, findings::add);
    return findings;
  }

  /**
   * Runs every step, handing each finding to {@code out}.
   *
   * @return true when nothing failed
   */
  boolean diagnose(Target target, String clientId, Consumer<Finding> out) {
    FailureWatch watch = new FailureWatch(out);
    LocalFileChecks.run(target, clock).forEach(watch);
    if (watch.failed) {
      return false;
    }
    // One TCP connection serves steps 2 and 3.
    try (Socket socket = TlsProbe.newSocket(target)) {
      NetworkCheck.run(target, socket).forEach(watch);
      if (watch.failed) {
        return false;
      }
      TlsCheck.judge(TlsProbe.gather(target, clock, clientId, socket), target).forEach(watch);
      if (watch.failed) {
        return false;
      }
    } catch (IOException e) {
      // Closing failed; the steps have said what they found.
    }
    String identity = null;
    if (target.clientCertificate()) {
      try {
        identity =
            MqttChecks.identity(
                TlsSetup.load(
                        target.chainFile(), target.certFile(), target.keyFile(), null, false, clock)
                    .clientCertificateChain());
      } catch (MqttClientException e) {
        identity = null; // step 1 passed, so this does not happen; the MQTT step will say
      }
    }
    MqttClient client = MqttChecks.connect(target, clientId, identity, watch);
    if (client == null || watch.failed) {
      return false;
    }
    try (client) {
      String who =
          identity != null ? identity : target.user() != null ? target.user() : "anonymous";
      MqttChecks.roundTrip(target, client, who, clientId + "-" + System.nanoTime(), watch);
    }
    return !watch.failed;
  }

  /** Passes findings on and remembers whether one failed. */
  private static final class FailureWatch implements Consumer<Finding> {
    private final Consumer<Finding> out;
    boolean failed;

    FailureWatch(Consumer<Finding> out) {
      this.out = out;
    }

    @Override
    public void accept(Finding finding) {
      if (failed) {
        return; // first failure only
      }
      failed = finding.failed();
      out.accept(finding);
    }
  }
}
