package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.config.MosquittoConfFile;
import io.github.simplemqtt.broker.config.MosquittoConfFile.Listener;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerProbeTest {
  private static Listener listener(String address) {
    return new Listener(1, Optional.ofNullable(address), List.of());
  }

  @Test
  void probesTheBoundAddressOrLoopbackForWildcards() {
    assertThat(ListenerProbe.address(listener(null)).getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ListenerProbe.address(listener("0.0.0.0")).getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ListenerProbe.address(listener("127.0.0.2")).getHostAddress())
        .isEqualTo("127.0.0.2");
    assertThat(ListenerProbe.address(listener("::")).isLoopbackAddress()).isTrue();
  }

  @Test
  void theReloadLineReachesTheLogFileWithDefaultOrInformationLevel() {
    assertThat(reloadLogged("log_dest file a.log")).isTrue();
    assertThat(reloadLogged("log_dest file a.log\nlog_type information")).isTrue();
    assertThat(reloadLogged("log_dest file a.log\nlog_type all")).isTrue();
    assertThat(reloadLogged("log_dest file a.log\nlog_type error")).isFalse();
    assertThat(reloadLogged("log_dest stderr")).isFalse();
  }

  @Test
  void theBrokerReadsThePasswordAclKeyAndCrlFilesItNames() {
    MosquittoConfFile conf =
        MosquittoConfFile.parse(
            "password_file config/.passwords\nacl_file config/acl\nlistener 8883\n"
                + "certfile certs/server.crt\nkeyfile certs/server.key\ncrlfile certs/crl.pem\n");

    assertThat(BrokerUser.brokerReadFiles(conf))
        .containsExactly("config/.passwords", "config/acl", "certs/server.key", "certs/crl.pem");
  }

  private static boolean reloadLogged(String text) {
    return LocalBroker.logsReloadToFile(MosquittoConfFile.parse(text));
  }
}
