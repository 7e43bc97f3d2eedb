package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void picksDistinctPortsThatCanBeBound() throws Exception {
    int[] ports = FreePorts.pick(5);

    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
    for (int port : ports) {
      assertThat(port).isBetween(1, 65535);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
    assertThat(FreePorts.pick()).isPositive();
  }

  @Test
  void rejectsCountsOutOfRange() {
    assertThatThrownBy(() -> FreePorts.pick(0)).hasMessageContaining("1 to 100");
  }
}
