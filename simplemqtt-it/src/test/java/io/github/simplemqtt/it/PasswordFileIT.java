package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mosquitto itself accepts the password file the kit writes, mixed with mosquitto_passwd's. */
@MosquittoTest(tls = false)
class PasswordFileIT {
  @Test
  void usersAddedByMosquittoPasswdAndByTheKitBothLogIn(MosquittoBroker broker) throws Exception {
    var file = broker.directory().passwordFile();
    var made =
        InteropIT.run(List.of("mosquitto_passwd", "-b", file.toString(), "carol", "carol-pw"));
    assertThat(made.exitCode()).as(made.output()).isZero();
    broker.directory().setPassword("dave", "dåve-pw".toCharArray()); // also reloads the broker

    for (String[] login : new String[][] {{"carol", "carol-pw"}, {"dave", "dåve-pw"}}) {
      try (MqttClient client = broker.anonymousClient().credentials(login[0], login[1]).build()) {
        client.connect();
        assertThat(client.isConnected()).as(login[0]).isTrue();
      }
    }
    try (MqttClient client = broker.anonymousClient().credentials("dave", "carol-pw").build()) {
      assertThatThrownBy(client::connect).isInstanceOf(BrokerRefusedException.class);
    }
  }

  @Test
  void removedUserCanNoLongerLogIn(MosquittoBroker broker) {
    broker.directory().setPassword("erin", "erin-pw".toCharArray());
    try (MqttClient client = broker.anonymousClient().credentials("erin", "erin-pw").build()) {
      client.connect();
    }
    assertThat(broker.directory().removeUser("erin")).isTrue();
    try (MqttClient client = broker.anonymousClient().credentials("erin", "erin-pw").build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("not authorised");
    }
  }
}
