package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {
  @ParameterizedTest
  @CsvSource({
    "192.168.1.103, IP:192.168.1.103",
    "127.0.0.1, IP:127.0.0.1",
    "::1, IP:::1",
    "[::1], IP:::1",
    "fe80::1, IP:fe80::1",
    "2001:db8:0:0:1:0:0:1, IP:2001:db8::1:0:0:1",
    "2001:DB8::, IP:2001:db8::",
    "::, IP:::",
    "2001:db8:0:1:1:1:1:1, IP:2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, IP:2001:0:0:1::1",
    "0:0:1:0:0:0:1:0, IP:0:0:1::1:0",
    "broker.local, DNS:broker.local",
    "Broker.LAN., DNS:broker.lan",
    "pi-4, DNS:pi-4",
    "localhost, DNS:localhost",
  })
  void literalsBecomeIpEntriesAndNamesDnsEntries(String host, String expected) {
    GeneralName name = Hosts.parse(host);

    assertThat(Hosts.describe(name)).isEqualTo(expected);
    assertThat(name.getTagNo())
        .isEqualTo(expected.startsWith("IP:") ? GeneralName.iPAddress : GeneralName.dNSName);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "192.168.1",
        "1.2.3.4.5",
        "a_b.local",
        "-pi.local",
        "pi-.local",
        "a..b",
        "fe80::1%eth0",
        "host name",
        "broker/1",
        "*.local",
        "ünï.local"
      })
  void refusesWhatIsNeitherAnAddressNorAName(String host) {
    assertThatThrownBy(() -> Hosts.parse(host))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("'" + host + "' is neither an IP address nor a host name");
  }

  @Test
  void serverNamesKeepTheGivenOrderThenAddTheLocalOnesWithoutRepeats() {
    List<String> names =
        Hosts.serverNames(List.of("10.0.0.5", "broker.lan", "127.0.0.1", "BROKER.lan")).stream()
            .map(Hosts::describe)
            .toList();

    assertThat(names)
        .containsExactly(
            "IP:10.0.0.5", "DNS:broker.lan", "IP:127.0.0.1", "DNS:localhost", "IP:::1");
  }

  @Test
  void aHostNameMayHave253Characters() {
    String label = "a".repeat(63);
    String longest = label + "." + label + "." + label + "." + "b".repeat(61);
    assertThat(longest).hasSize(253);

    assertThat(Hosts.describe(Hosts.parse(longest))).isEqualTo("DNS:" + longest);
    assertThat(Hosts.describe(Hosts.parse(longest + "."))).isEqualTo("DNS:" + longest);
    assertThatThrownBy(() -> Hosts.parse("c" + longest))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("is neither an IP address nor a host name");
  }

  @Test
  void describeNamesEntriesItDoesNotMakeWithoutFailing() {
    // An address with a netmask (8 bytes), as name constraints hold, and an e-mail entry.
    GeneralName masked =
        new GeneralName(
            GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 0, -1, 0, 0, 0}));
    GeneralName email = new GeneralName(GeneralName.rfc822Name, "ops@example.org");

    assertThat(Hosts.describe(masked)).isEqualTo("IP:?");
    assertThat(Hosts.describe(email)).isEqualTo("OTHER:1: ops@example.org");
  }
}
