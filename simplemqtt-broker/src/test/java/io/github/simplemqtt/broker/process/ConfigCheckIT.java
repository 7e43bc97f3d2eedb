package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.config.MosquittoConfFile;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Mosquitto#checkConfig(Path)} with the installed mosquitto, beside a running broker. */
class ConfigCheckIT {
  @TempDir Path temp;

  private BrokerDirectory directory() throws Exception {
    // @TempDir is 0700; mosquitto started as root drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .build();
    return BrokerDirectory.create(temp.resolve("mosquitto"), settings, false);
  }

  @Test
  void aRunningBrokersConfigPassesAndTheBrokerKeepsItsPortsAndFiles() throws Exception {
    BrokerDirectory directory = directory();
    LocalBroker broker = LocalBroker.of(directory.path());
    broker.start();
    try {
      long pid = broker.status().pid().orElseThrow();

      assertThat(Mosquitto.checkConfig(directory.path())).isEmpty();

      assertThat(broker.status().pid()).hasValue(pid);
      // Neither start() nor the check connects to the broker's ports to see that they listen.
      assertThat(Files.readString(directory.path().resolve("log/mosquitto.log")))
          .doesNotContain("Error")
          .doesNotContain("New connection");
    } finally {
      broker.stop();
    }
  }

  @Test
  void theCopyChecksABridgeSectionButNeverConnectsIt() throws Exception {
    // A central of our own: a listening socket whose accept queue holds any connection made to
    // it, even one closed since. The copy's bridge would come in with the real bridge's client
    // id, and the central would push the real bridge out.
    try (ServerSocketChannel central = ServerSocketChannel.open()) {
      central.bind(new InetSocketAddress("127.0.0.1", 0));
      central.configureBlocking(false);
      BrokerDirectory directory = directory();
      directory.issueClient("site1", 30);
      Path config = directory.configFile();
      Files.writeString(
          config,
          Files.readString(config)
              + "\nconnection site1\naddress 127.0.0.1:"
              + central.socket().getLocalPort()
              + "\ntopic t/# out 1\nbridge_cafile certs/chain.crt"
              + "\nbridge_certfile clients/site1/client.crt"
              + "\nbridge_keyfile clients/site1/client.key\nstart_type automatic\n");

      assertThat(Mosquitto.checkConfig(directory.path())).isEmpty();

      // The copy has exited: a connect it made would be queued by now.
      assertThat(central.accept()).as("a connection from the copy's bridge").isNull();
    }
  }

  @Test
  void theCopyMakesEachBridgeLazy() {
    List<String> copy =
        ConfigCheck.rewrite(
            MosquittoConfFile.parse(
                "listener 1883\nconnection a\naddress h:8883\nstart_type automatic\nthreshold"
                    + " 5\nconnection b\naddress h:8884\nlistener 1884\nthreshold 7\n"),
            temp,
            new ArrayList<>());

    assertThat(copy)
        .containsSubsequence(
            "connection a",
            "start_type lazy",
            "threshold " + Integer.MAX_VALUE,
            "address h:8883",
            "# start_type automatic",
            "# threshold 5",
            "connection b",
            "start_type lazy",
            "threshold " + Integer.MAX_VALUE,
            "address h:8884")
        // threshold after a listener is not a bridge's: left as it was, for mosquitto to judge
        .contains("threshold 7");
  }

  @Test
  void aMisspeltOptionIsQuotedFromMosquitto() throws Exception {
    BrokerDirectory directory = directory();
    Path config = directory.configFile();
    Files.writeString(config, Files.readString(config) + "listner 1884\n");

    assertThat(Mosquitto.checkConfig(directory.path()))
        .hasValueSatisfying(
            refusal ->
                assertThat(refusal)
                    .startsWith("mosquitto refuses to start with it: ")
                    .contains("Error: Unknown configuration variable \"listner\"."));
  }

  @Test
  void theCopyMovesListenersToFreeLoopbackPortsAndDropsWhatTouchesFiles() {
    List<Integer> ports = new ArrayList<>();

    List<String> copy =
        ConfigCheck.rewrite(
            MosquittoConfFile.parse(
                "listener 1883 0.0.0.0\npersistence true\npid_file /run/m.pid\nport 8883\n"),
            temp,
            ports);

    assertThat(ports).hasSize(2);
    assertThat(copy)
        .contains("listener " + ports.get(0) + " 127.0.0.1", "port " + ports.get(1))
        .contains("# persistence true", "# pid_file /run/m.pid", "log_dest stderr")
        .doesNotContain("listener 1883 0.0.0.0");
  }

  @Test
  void listenersOfIncludedFilesMoveTooAndAMissingIncludeDirIsLeftForMosquittoToRefuse()
      throws Exception {
    Files.createDirectories(temp.resolve("conf.d"));
    Files.writeString(temp.resolve("conf.d/extra.conf"), "listener 9001\nprotocol websockets\n");
    Files.writeString(temp.resolve("main.conf"), "include_dir conf.d\ninclude_dir missing.d\n");
    List<Integer> ports = new ArrayList<>();

    List<String> copy =
        ConfigCheck.rewrite(MosquittoConfFile.read(temp.resolve("main.conf"), temp), temp, ports);

    assertThat(ports).hasSize(1);
    assertThat(copy)
        .containsSubsequence(
            "# include_dir conf.d",
            "listener " + ports.get(0) + " 127.0.0.1",
            "protocol websockets")
        .contains("include_dir missing.d")
        .doesNotContain("listener 9001");
  }
}
