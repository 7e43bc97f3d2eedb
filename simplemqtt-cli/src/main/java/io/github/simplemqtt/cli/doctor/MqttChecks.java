package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.config.MosquittoConfig;
import io.github.simplemqtt.broker.passwd.PasswordFile;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Steps 4 and 5 with our own MQTT client: CONNECT/CONNACK with the reason in words (and Mosquitto's
 * habits), then a publish/subscribe round trip on a private topic.
 */
final class MqttChecks {
  private MqttChecks() {}

  /**
   * Connects; returns the connected client, or null after reporting a failure.
   *
   * @param identity the client certificate's CN when one is used, else null
   */
  static @Nullable MqttClient connect(
      Target target, String clientId, @Nullable String identity, Consumer<Finding> out) {
    if (identity != null && target.user() != null) {
      out.accept(
          Finding.warning(
              Step.MQTT,
              "-u " + target.user() + " is ignored with a client certificate",
              "A broker with use_identity_as_username (the kit's TLS listener has it) takes the"
                  + " user name from the certificate, "
                  + identity
                  + ", and ignores the user name and password sent.",
              "Leave out -u and -P with a client certificate; the broker's ACL and log know this"
                  + " client as "
                  + identity
                  + "."));
    }
    MqttClient.Builder builder =
        MqttClient.builder()
            .broker(target.host(), target.port())
            .clientId(clientId)
            .mqttVersion(target.version())
            .connectTimeout(target.timeout())
            .publishTimeout(target.timeout())
            .automaticReconnect(false);
    Path chain = target.chainFile();
    Path cert = target.certFile();
    Path key = target.keyFile();
    if (chain != null && cert != null && key != null) {
      builder.tls(chain, cert, key);
    } else if (chain != null) {
      builder.tls(chain);
    }
    String user = target.user();
    if (user != null) {
      char[] password = target.password();
      builder.credentials(user, password == null ? new char[0] : password.clone());
    }
    MqttClient client;
    try {
      client = builder.build();
    } catch (MqttClientException e) {
      out.accept(
          Finding.failed(
              Step.MQTT, "cannot make the MQTT client", e.what(), e.fix(), "Check the files."));
      return null;
    }
    long started = System.nanoTime();
    try {
      client.connect();
    } catch (BrokerRefusedException e) {
      client.close();
      out.accept(refused(target, identity, e));
      return null;
    } catch (MqttClientException e) {
      client.close();
      out.accept(
          Finding.failed(
              Step.MQTT,
              "MQTT connect failed",
              e.what(),
              e.fix(),
              "See the broker's log (`simplemqtt broker logs`)."));
      return null;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.accept(
        Finding.passed(
            Step.MQTT,
            "CONNACK: accepted"
                + (identity != null
                    ? " as " + identity
                    : target.user() != null ? " as " + target.user() : " anonymously")
                + " (MQTT "
                + (target.version() == MqttVersion.V5 ? "5" : "3.1.1")
                + ", "
                + millis
                + " ms)"));
    return client;
  }

  /** What the broker's refusal of the connection means, and what to do. */
  static Finding refused(Target target, @Nullable String identity, BrokerRefusedException e) {
    boolean v5 = target.version() == MqttVersion.V5;
    String who = identity != null ? identity : target.user();
    // MQTT 3.1.1's return codes arrive as their MQTT 5 equivalents (5 is NOT_AUTHORIZED).
    return switch (e.reason()) {
      case NOT_AUTHORIZED -> notAuthorised(target, identity);
      case BAD_USER_NAME_OR_PASSWORD ->
          Finding.failed(
              Step.MQTT,
              "CONNACK: bad user name or password",
              "The broker refused the connection: bad user name or password"
                  + (who == null ? " (none was sent)." : " for '" + who + "'."),
              "Check -u and -P.");
      case CLIENT_IDENTIFIER_NOT_VALID ->
          Finding.failed(
              Step.MQTT,
              "CONNACK: client identifier rejected",
              "The broker rejected the client identifier.",
              "Choose another client id (-i), with letters and digits only.");
      case UNSUPPORTED_PROTOCOL_VERSION ->
          Finding.failed(
              Step.MQTT,
              "CONNACK: unsupported protocol version",
              "The broker does not speak MQTT " + (v5 ? "5" : "3.1.1") + ".",
              v5 ? "Use -V 311." : "Use a newer broker.");
      case BANNED ->
          Finding.failed(
              Step.MQTT,
              "CONNACK: banned",
              "The broker has banned this client.",
              "Ask its admin why.");
      default -> {
        String code = "0x" + Integer.toHexString(e.reasonCode());
        yield Finding.failed(
            Step.MQTT,
            "CONNACK: refused (code " + code + ")",
            "The broker refused the connection with reason code " + code + ".",
            "See the broker's log (`simplemqtt broker logs --dir "
                + target.dirForCommands()
                + "`).");
      }
    };
  }

  /** Mosquitto says "not authorised" for a wrong password and an unknown user alike. */
  private static Finding notAuthorised(Target target, @Nullable String identity) {
    String summary = "CONNACK: not authorised";
    if (identity != null) {
      return Finding.failed(
          Step.MQTT,
          summary,
          "The broker refused client " + identity + " (from its certificate) as not authorised.",
          "See the broker's log (`simplemqtt broker logs --dir "
              + target.dirForCommands()
              + "`) and its password_file/ACL settings.");
    }
    String user = target.user();
    if (user == null) {
      return Finding.failed(
          Step.MQTT,
          summary,
          "The broker refused an anonymous connection as not authorised: this listener wants a"
              + " user name and password.",
          "Pass -u USER -P PASSWORD (`simplemqtt user add USER --dir "
              + target.dirForCommands()
              + "` creates a user).");
    }
    if (target.brokerDir() != null) {
      Path file = target.brokerDir().resolve(MosquittoConfig.DEFAULT_PASSWORD_FILE);
      try {
        PasswordFile passwords = PasswordFile.load(file);
        if (!passwords.contains(user)) {
          return Finding.failed(
              Step.MQTT,
              summary + ": unknown user " + user,
              "User '"
                  + user
                  + "' is not in "
                  + file
                  + " (Mosquitto answers an unknown user with \"not authorised\").",
              "Add the user with `simplemqtt user add "
                  + user
                  + " --dir "
                  + target.brokerDir()
                  + "` (a running broker reloads), or check the spelling.");
        }
        char[] password = target.password() == null ? new char[0] : target.password();
        if (!passwords.verify(user, password)) {
          return Finding.failed(
              Step.MQTT,
              summary + ": wrong password for " + user,
              "The password given for '"
                  + user
                  + "' is wrong: it does not match the hash in "
                  + file
                  + " (Mosquitto answers a wrong password with \"not authorised\").",
              "Use the right password, or set a new one with `simplemqtt user add "
                  + user
                  + " --dir "
                  + target.brokerDir()
                  + "`.");
        }
        return Finding.failed(
            Step.MQTT,
            summary,
            "The password for '"
                + user
                + "' matches "
                + file
                + ", yet the broker refused it: the running broker has not re-read that file,"
                + " or it uses another one.",
            "Reload the broker (`simplemqtt broker reload --dir " + target.brokerDir() + "`).");
      } catch (UncheckedIOException e) {
        // Fall through to the answer that needs no file.
      }
    }
    return Finding.failed(
        Step.MQTT,
        summary + " (wrong password or unknown user)",
        "The broker refused user '"
            + user
            + "' as not authorised: Mosquitto answers a wrong password and an unknown user"
            + " alike.",
        "Check the user name and password; `simplemqtt user list --dir DIR` on the broker lists"
            + " the users, and doctor with --dir DIR tells the two cases apart.");
  }

  /** Step 5: subscribe, publish, receive, on a topic no one else uses. */
  static void roundTrip(
      Target target, MqttClient client, String who, String nonce, Consumer<Finding> out) {
    String topic = target.topic();
    CountDownLatch received = new CountDownLatch(1);
    try {
      client.subscribe(
          topic,
          1,
          message -> {
            if (nonce.equals(new String(message.payload(), StandardCharsets.UTF_8))) {
              received.countDown();
            }
          });
    } catch (BrokerRefusedException e) {
      out.accept(
          Finding.failed(
              Step.ROUND_TRIP,
              "subscription to " + topic + " refused",
              "The broker refused "
                  + who
                  + "'s subscription to "
                  + topic
                  + " ("
                  + e.getMessage()
                  + "): its ACL does not let "
                  + who
                  + " read it.",
              aclFix(target, who, topic, "read")));
      return;
    } catch (MqttClientException e) {
      out.accept(failedOperation("subscribe", topic, e));
      return;
    }
    out.accept(Finding.passed(Step.ROUND_TRIP, "subscribed to " + topic));
    long started = System.nanoTime();
    try {
      client.publish(topic, nonce, 1, false);
    } catch (BrokerRefusedException e) {
      out.accept(
          Finding.failed(
              Step.ROUND_TRIP,
              "publish to " + topic + " denied",
              "The broker denied "
                  + who
                  + "'s publish to "
                  + topic
                  + " (not authorised): its ACL does not let "
                  + who
                  + " write to it.",
              aclFix(target, who, topic, "write")));
      return;
    } catch (MqttClientException e) {
      out.accept(failedOperation("publish", topic, e));
      return;
    }
    out.accept(Finding.passed(Step.ROUND_TRIP, "published to " + topic + " (QoS 1, acknowledged)"));
    boolean arrived;
    try {
      arrived = received.await(target.deliveryWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      arrived = false;
    }
    if (arrived) {
      long millis = (System.nanoTime() - started) / 1_000_000;
      out.accept(Finding.passed(Step.ROUND_TRIP, "the message came back in " + millis + " ms"));
      return;
    }
    boolean v5 = target.version() == MqttVersion.V5;
    out.accept(
        Finding.failed(
            Step.ROUND_TRIP,
            "subscription to " + topic + " delivered nothing (ACL)",
            "The broker accepted the subscription to "
                + topic
                + (v5 ? " and the publish" : "")
                + " but delivered nothing within "
                + target.deliveryWait().toSeconds()
                + " s: its ACL does not let "
                + who
                + (v5 ? " read " : " write or read ")
                + topic
                + " (Mosquitto 2.0 grants every subscription and filters at delivery).",
            aclFix(target, who, topic, "readwrite")));
  }

  private static String aclFix(Target target, String who, String topic, String access) {
    return "Grant it in the broker's ACL (a line `topic "
        + access
        + " "
        + topic
        + "` under `user "
        + who
        + "` in "
        + (target.brokerDir() == null ? "config/acl" : target.brokerDir().resolve("config/acl"))
        + ", then `simplemqtt broker reload`), or pass -t with a topic "
        + who
        + " may use.";
  }

  private static Finding failedOperation(String what, String topic, MqttClientException e) {
    return Finding.failed(
        Step.ROUND_TRIP,
        what + " to " + topic + " failed",
        e.what(),
        e.fix(),
        "Run doctor again; see the broker's log.");
  }

  static @Nullable String identity(List<X509Certificate> chain) {
    return chain.isEmpty() ? null : CertificateWords.commonName(chain.get(0));
  }
}
