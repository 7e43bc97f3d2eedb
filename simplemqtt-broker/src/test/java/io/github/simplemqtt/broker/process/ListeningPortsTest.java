package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningPortsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode";

  @Test
  void onlyListeningSocketsWithTheProcesssInodesCount() {
    List<String> table =
        List.of(
            HEADER,
            "   0: 0100007F:075B 00000000:0000 0A 00000000:00000000 00:00000000 00000000   0  0 111"
                + " 1 0000000000000000 100 0 0 10 0",
            "   1: 0100007F:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   0  0 222"
                + " 1 0000000000000000 100 0 0 10 0",
            "   2: 0100007F:075B 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000   0  0 111"
                + " 1 0000000000000000 100 0 0 10 0");

    assertThat(ListeningPorts.listeningPorts(table, Set.of("111"))).containsExactly(0x075B);
    assertThat(ListeningPorts.listeningPorts(table, Set.of("333"))).isEmpty();
  }

  @Test
  void aServerSocketOfThisProcessIsFoundAndClosedOneIsNot() throws Exception {
    long pid = ProcessHandle.current().pid();
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      assertThat(ListeningPorts.of(pid))
          .hasValueSatisfying(ports -> assertThat(ports).contains(port));
    }
    assertThat(ListeningPorts.of(pid))
        .hasValueSatisfying(ports -> assertThat(ports).doesNotContain(port));
  }

  @Test
  void withoutProcTheAnswerIsUnknown(@TempDir Path noProc) {
    assertThat(ListeningPorts.of(noProc, 1)).isEmpty();
  }
}
