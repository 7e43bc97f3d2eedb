package io.github.simplemqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectAltNameTest {
  @ParameterizedTest
  @CsvSource({
    "0:0:0:0:0:0:0:1, ::1",
    "fe80:0:0:0:0:0:0:1, fe80::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:0:0:0:0:0, 2001:db8::",
    "0:0:0:0:0:0:0:0, ::",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "0:0:1:0:0:0:1:0, 0:0:1::1:0",
    "fd00:0:0:0:0:0:0:7, fd00::7",
    "::1, ::1",
    "192.168.1.103, 192.168.1.103",
  })
  void ipv6AddressesAreShortenedAsRfc5952Says(String full, String expected) {
    SubjectAltName name = new SubjectAltName(SubjectAltName.Type.IP, full);

    assertThat(name.shortValue()).isEqualTo(expected);
    assertThat(name.value()).isEqualTo(full);
    assertThat(name).hasToString("IP:" + expected);
  }

  @Test
  void namesAndOtherEntriesStayAsTheyAre() {
    assertThat(new SubjectAltName(SubjectAltName.Type.DNS, "0:0:0:0:0:0:0:1").shortValue())
        .isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(new SubjectAltName(SubjectAltName.Type.DNS, "broker.lan"))
        .hasToString("DNS:broker.lan");
    assertThat(new SubjectAltName(SubjectAltName.Type.OTHER, "1: ops@example.org"))
        .hasToString("OTHER:1: ops@example.org");
    assertThatThrownBy(() -> new SubjectAltName(null, "x"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SubjectAltName(SubjectAltName.Type.DNS, null))
        .isInstanceOf(NullPointerException.class);
  }
}
