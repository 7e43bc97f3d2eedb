package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServersTest {
  @Test
  void addressesWithAndWithoutPortsAndIpv6InBrackets() {
    assertThat(Servers.parse("broker.lan", 8883)).isEqualTo(new Servers.Server("broker.lan", 8883));
    assertThat(Servers.parse(" 10.0.0.1:1884 ", 8883))
        .isEqualTo(new Servers.Server("10.0.0.1", 1884));
    assertThat(Servers.parse("[fd00::3]:8884", 1883))
        .isEqualTo(new Servers.Server("fd00::3", 8884));
    assertThat(Servers.parse("[fd00::3]", 1883)).isEqualTo(new Servers.Server("fd00::3", 1883));
    assertThat(new Servers.Server("fd00::3", 8883)).hasToString("[fd00::3]:8883");
    assertThat(new Servers.Server("broker.lan", 1883)).hasToString("broker.lan:1883");
  }

  @Test
  void unreadableAddressesAreRefusedInWords() {
    assertThatThrownBy(() -> Servers.parse("fd00::3", 1883))
        .hasMessage(
            "The broker address 'fd00::3' looks like an IPv6 address: write it in brackets, as"
                + " [fd00::3] or [fd00::3]:8883.");
    assertThatThrownBy(() -> Servers.parse("broker:0", 1883))
        .hasMessage("The broker address 'broker:0' has port '0'; a port is 1 to 65535.");
    assertThatThrownBy(() -> Servers.parse("broker:http", 1883))
        .hasMessageContaining("has port 'http'");
    assertThatThrownBy(() -> Servers.parse(":1883", 1883))
        .hasMessage("The broker address ':1883' has no host.");
    assertThatThrownBy(() -> Servers.parse("[fd00::3", 1883))
        .hasMessageContaining("never closes it");
    assertThatThrownBy(() -> Servers.parse("[fd00::3]8883", 1883))
        .hasMessageContaining("write [host]:port");
    assertThatThrownBy(() -> Servers.parse(" ", 1883)).hasMessageContaining("must not be empty");
  }

  @Test
  void aConnectTriesEachBrokerOnceFromTheCurrentOne() {
    Servers servers =
        new Servers(
            List.of(
                new Servers.Server("a", 1),
                new Servers.Server("b", 2),
                new Servers.Server("c", 3)));
    servers.next(); // connected to b before
    servers.startRound();

    assertThat(servers.current().host()).isEqualTo("b");
    assertThat(servers.nextUntried().host()).isEqualTo("c");
    assertThat(servers.nextUntried().host()).isEqualTo("a");
    assertThat(servers.nextUntried()).isNull();
    assertThat(servers.current().host()).isEqualTo("a");

    servers.startRound();
    assertThat(servers.nextUntried().host()).isEqualTo("b");
  }

  @Test
  void oneBrokerHasNothingToTryNext() {
    Servers one = new Servers(List.of(new Servers.Server("a", 1)));
    one.startRound();
    assertThat(one.nextUntried()).isNull();
    assertThat(one.next()).isEqualTo(new Servers.Server("a", 1));
  }
}
