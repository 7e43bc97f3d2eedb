package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.process.MosquittoConf.Listener;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MosquittoConfTest {

  @Test
  void readsListenerLinesWithAndWithoutAddressInFileOrder() {
    MosquittoConf conf =
        MosquittoConf.parse(
            List.of(
                "# comment: listener 9999",
                "listener 1883",
                "  listener   8883 127.0.0.1  ",
                "allow_anonymous true",
                "listener 0 /run/mosquitto.sock",
                "listener 8883 ::1"));

    assertThat(conf.listeners())
        .containsExactly(
            new Listener(1883, Optional.empty()),
            new Listener(8883, Optional.of("127.0.0.1")),
            new Listener(8883, Optional.of("::1")));
    assertThat(conf.ports()).containsExactly(1883, 8883);
  }

  @Test
  void theDeprecatedPortOptionIsTheDefaultListenerWithItsBindAddress() {
    MosquittoConf conf =
        MosquittoConf.parse(List.of("listener 8883", "port 1884", "bind_address 127.0.0.1"));

    assertThat(conf.listeners())
        .containsExactly(
            new Listener(1884, Optional.of("127.0.0.1")), new Listener(8883, Optional.empty()));
  }

  @Test
  void withoutListenersMosquittoListensOn1883OfLoopback() {
    MosquittoConf conf = MosquittoConf.parse(List.of("allow_anonymous true"));

    assertThat(conf.listeners()).containsExactly(new Listener(1883, Optional.of("127.0.0.1")));
  }

  @Test
  void probesTheBoundAddressOrLoopbackForWildcards() {
    assertThat(new Listener(1, Optional.empty()).probeAddress().getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(new Listener(1, Optional.of("0.0.0.0")).probeAddress().getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(new Listener(1, Optional.of("127.0.0.2")).probeAddress().getHostAddress())
        .isEqualTo("127.0.0.2");
    assertThat(new Listener(1, Optional.of("::")).probeAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void readsLogDestinationTypesUserAndTheFilesTheBrokerReads() {
    MosquittoConf conf =
        MosquittoConf.parse(
            List.of(
                "log_dest stdout",
                "log_dest file log/mosquitto.log",
                "log_dest file log/second.log",
                "log_type error",
                "log_type warning",
                "user mqtt",
                "password_file config/.passwords",
                "acl_file config/acl",
                "listener 8883",
                "certfile certs/server.crt",
                "keyfile certs/server.key",
                "crlfile certs/crl.pem"));

    assertThat(conf.logFile()).contains("log/mosquitto.log");
    assertThat(conf.logTypes()).containsExactlyInAnyOrder("error", "warning");
    assertThat(conf.logsReloadToFile()).isFalse();
    assertThat(conf.user()).contains("mqtt");
    assertThat(conf.brokerReadFiles())
        .containsExactly("config/.passwords", "config/acl", "certs/server.key", "certs/crl.pem");
  }

  @Test
  void theReloadLineReachesTheLogFileWithDefaultOrInformationLevel() {
    assertThat(MosquittoConf.parse(List.of("log_dest file a.log")).logsReloadToFile()).isTrue();
    assertThat(
            MosquittoConf.parse(List.of("log_dest file a.log", "log_type information"))
                .logsReloadToFile())
        .isTrue();
    assertThat(
            MosquittoConf.parse(List.of("log_dest file a.log", "log_type all")).logsReloadToFile())
        .isTrue();
    assertThat(MosquittoConf.parse(List.of("log_dest stderr")).logsReloadToFile()).isFalse();
  }

  @Test
  void aBadPortNamesTheLine() {
    assertThatThrownBy(() -> MosquittoConf.parse(List.of("listener eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"listener eighty\"");
    assertThatThrownBy(() -> MosquittoConf.parse(List.of("listener 70000")))
        .hasMessageContaining("0 to 65535");
  }
}
