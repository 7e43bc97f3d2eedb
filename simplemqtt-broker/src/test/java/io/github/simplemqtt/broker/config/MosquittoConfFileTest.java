package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.config.MosquittoConfFile.Listener;
import io.github.simplemqtt.broker.config.MosquittoConfFile.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoConfFileTest {
  @TempDir Path temp;

  private static MosquittoConfFile parse(String... lines) {
    return MosquittoConfFile.parse(String.join("\n", lines) + "\n");
  }

  // ------------------------------------------------------------------ reading

  @Test
  void readsListenerLinesWithAndWithoutAddressInFileOrder() {
    MosquittoConfFile conf =
        parse(
            "# comment: listener 9999",
            "listener 1883",
            "  listener   8883 127.0.0.1  ",
            "allow_anonymous true",
            "listener 0 /run/mosquitto.sock",
            "listener 8883 ::1");

    assertThat(conf.listeners())
        .extracting(Listener::toString)
        .containsExactly("1883", "127.0.0.1:8883", "::1:8883");
    assertThat(conf.ports()).containsExactly(1883, 8883);
  }

  @Test
  void theDeprecatedPortOptionIsTheDefaultListenerWithItsBindAddress() {
    MosquittoConfFile conf = parse("listener 8883", "port 1884", "bind_address 127.0.0.1");

    assertThat(conf.listeners())
        .containsExactly(
            new Listener(1884, Optional.of("127.0.0.1"), List.of()),
            new Listener(8883, Optional.empty(), List.of()));
  }

  @Test
  void withoutListenersMosquittoListensOn1883OfLoopback() {
    assertThat(parse("allow_anonymous true").listeners())
        .containsExactly(new Listener(1883, Optional.of("127.0.0.1"), List.of()));
  }

  @Test
  void readsLogDestinationTypesAndUser() {
    MosquittoConfFile conf =
        parse(
            "log_dest stdout",
            "log_dest file log/mosquitto.log",
            "log_dest file log/second.log",
            "log_type error",
            "log_type Warning",
            "user mqtt");

    assertThat(conf.logFile()).contains("log/mosquitto.log");
    assertThat(conf.logTypes()).containsExactlyInAnyOrder("error", "warning");
    assertThat(conf.user()).contains("mqtt");
    assertThat(parse("allow_anonymous true").logFile()).isEmpty();
  }

  @Test
  void settingsAfterAListenerLineBelongToThatListener() {
    MosquittoConfFile conf =
        parse(
            "per_listener_settings true",
            "persistence true",
            "listener 1883",
            "allow_anonymous false",
            "password_file config/.passwords",
            "",
            "# TLS",
            "listener 8883",
            "cafile certs/chain.crt",
            "require_certificate true",
            "listener 0 /run/m.sock",
            "allow_anonymous true");

    List<Listener> listeners = conf.listeners();
    assertThat(conf.perListenerSettings()).isTrue();
    assertThat(listeners).hasSize(2);
    assertThat(listeners.get(0).settings())
        .containsExactly(
            new Option("allow_anonymous", "false"),
            new Option("password_file", "config/.passwords"));
    assertThat(listeners.get(1).setting("cafile")).contains("certs/chain.crt");
    assertThat(listeners.get(1).setting("REQUIRE_CERTIFICATE")).contains("true");
    // The unix socket's settings do not leak into the TLS listener.
    assertThat(listeners.get(1).setting("allow_anonymous")).isEmpty();
  }

  @Test
  void repeatedOptionsAreAllKeptAndTheLastIsTheValue() {
    MosquittoConfFile conf =
        parse(
            "user first",
            "listener 1883",
            "acl_file config/acl",
            "listener 8883",
            "acl_file config/acl",
            "user second");

    assertThat(conf.values("acl_file")).containsExactly("config/acl", "config/acl");
    assertThat(conf.values("user")).containsExactly("first", "second");
    assertThat(conf.user()).contains("second");
    assertThat(conf.value("cafile")).isEmpty();
  }

  @Test
  void crlfLineEndingsAndBlanksAroundLinesAreNotPartOfValues() {
    String text =
        "listener 1883 127.0.0.1  \r\n"
            + "\tpassword_file   config/.passwords \t\r\n"
            + "  # indented comment\r\n"
            + "log_dest file log/m.log\r\n"
            + "user pi"; // no line ending at the end
    MosquittoConfFile conf = MosquittoConfFile.parse(text);

    assertThat(conf.listeners())
        .containsExactly(
            new Listener(
                1883,
                Optional.of("127.0.0.1"),
                List.of(
                    new Option("password_file", "config/.passwords"),
                    new Option("log_dest", "file log/m.log"),
                    new Option("user", "pi"))));
    assertThat(conf.logFile()).contains("log/m.log");
    assertThat(conf.user()).contains("pi");
    assertThat(conf.text()).isEqualTo(text);
  }

  @Test
  void aHashAfterAValueIsPartOfTheValueAsMosquittoReadsIt() {
    assertThat(parse("user pi # the owner").user()).contains("pi # the owner");
  }

  @Test
  void includeDirFilesAreReadInNameOrderWhereTheLineStands() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("conf.d"));
    Files.writeString(dir.resolve("b.conf"), "listener 9002\r\nprotocol websockets\r\n");
    Files.writeString(dir.resolve("a.conf"), "listener 9001\n");
    Files.writeString(dir.resolve("notes.txt"), "listener 9999\n");
    Path main = temp.resolve("mosquitto.conf");
    String text = "listener 1883\ninclude_dir conf.d\ninclude_dir absent.d\nlistener 8883\n";
    Files.writeString(main, text);

    MosquittoConfFile conf = MosquittoConfFile.read(main, temp);

    assertThat(conf.ports()).containsExactly(1883, 9001, 9002, 8883);
    assertThat(conf.listeners().get(2).setting("protocol")).contains("websockets");
    assertThat(conf.text()).isEqualTo(text);
    // Parsed from text, the folder is not followed.
    assertThat(MosquittoConfFile.parse(text).ports()).containsExactly(1883, 8883);
    assertThat(MosquittoConfFile.parse(text).values("include_dir"))
        .containsExactly("conf.d", "absent.d");
  }

  @Test
  void aBadPortNamesTheLine() {
    assertThatThrownBy(() -> parse("listener eighty").listeners())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"listener eighty\"");
    assertThatThrownBy(() -> parse("listener 70000").ports()).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> parse("port").listeners()).hasMessageContaining("\"port\"");
  }

  @Test
  void anEmptyFileIsEmpty() {
    MosquittoConfFile conf = MosquittoConfFile.parse("");
    assertThat(conf.text()).isEmpty();
    assertThat(conf.options()).isEmpty();
    assertThat(conf.ports()).containsExactly(1883);
  }

  // ------------------------------------------------------------------ the kit's own file

  @Test
  void theKitsOwnFilesReadBackAsWritten() {
    for (MosquittoConfig config : MosquittoConfigTest.ALL) {
      String text = config.render();
      MosquittoConfFile conf = MosquittoConfFile.parse(text);

      assertThat(conf.text()).isEqualTo(text);
      assertThat(conf).isEqualTo(config.toConfFile());
      List<Integer> ports = new java.util.ArrayList<>();
      if (config.port() != null) {
        ports.add(config.port());
      }
      if (config.tlsPort() != null) {
        ports.add(config.tlsPort());
      }
      assertThat(conf.ports()).isEqualTo(ports);
      assertThat(conf.logFile()).contains(MosquittoConfig.LOG_FILE);
      assertThat(conf.user()).isEqualTo(Optional.ofNullable(config.runAsUser()));
      assertThat(conf.perListenerSettings()).isTrue();
      if (config.tlsPort() != null) {
        Listener tls = conf.listeners().get(conf.listeners().size() - 1);
        assertThat(tls.setting("cafile")).contains(config.caFile());
        assertThat(tls.setting("keyfile")).contains(config.keyFile());
        assertThat(tls.setting("require_certificate")).contains("true");
      }
      assertThat(conf.values("acl_file"))
          .allMatch(v -> v.equals(config.aclFile()))
          .hasSize(
              config.aclFile() == null
                  ? 0
                  : config.port() != null && config.tlsPort() != null ? 2 : 1);
    }
  }

  @Test
  void addingAndRemovingTheAclGivesWhatTheKitWritesWithAndWithoutIt() {
    for (MosquittoConfig withAcl : MosquittoConfigTest.ALL) {
      MosquittoConfig with = withAcl.toBuilder().aclFile(MosquittoConfig.DEFAULT_ACL_FILE).build();
      MosquittoConfig without = withAcl.toBuilder().aclFile(null).build();

      assertThat(without.toConfFile().withAclFile(MosquittoConfig.DEFAULT_ACL_FILE).text())
          .isEqualTo(with.render());
      assertThat(with.toConfFile().withAclFile(null).text()).isEqualTo(without.render());
      assertThat(with.toConfFile().withAclFile(MosquittoConfig.DEFAULT_ACL_FILE).text())
          .isEqualTo(with.render());
    }
  }

  @Test
  void settingTheAclKeepsAPersonsEditsLineEndingsAndComments() {
    String edited =
        "# my broker\r\n"
            + "per_listener_settings true\r\n"
            + "listener 1883\r\n"
            + "allow_anonymous false\r\n"
            + "password_file config/.passwords\r\n"
            + "# keep me: plain listener ends here\r\n"
            + "\r\n"
            + "listener 9001\r\n"
            + "protocol websockets\r\n"
            + "my_unknown_option 42";

    String withAcl = MosquittoConfFile.parse(edited).withAclFile("config/acl").text();

    assertThat(withAcl)
        .isEqualTo(
            "# my broker\r\n"
                + "per_listener_settings true\r\n"
                + "listener 1883\r\n"
                + "allow_anonymous false\r\n"
                + "password_file config/.passwords\r\n"
                + MosquittoConfFile.ACL_COMMENT
                + "\r\n"
                + "acl_file config/acl\r\n"
                + "# keep me: plain listener ends here\r\n"
                + "\r\n"
                + "listener 9001\r\n"
                + "protocol websockets\r\n"
                + "my_unknown_option 42\r\n"
                + MosquittoConfFile.ACL_COMMENT
                + "\r\n"
                + "acl_file config/acl");
    // Only the line ending the edit gave the last line stays.
    assertThat(MosquittoConfFile.parse(withAcl).withAclFile(null).text())
        .isEqualTo(edited + "\r\n");
  }

  @Test
  void withoutPerListenerSettingsTheAclIsOneGlobalLine() {
    MosquittoConfFile conf =
        parse("listener 1883", "allow_anonymous true", "listener 8883").withAclFile("config/acl");

    assertThat(conf.values("acl_file")).containsExactly("config/acl");
    assertThat(conf.text())
        .endsWith("listener 8883\n" + MosquittoConfFile.ACL_COMMENT + "\nacl_file config/acl\n");
    assertThat(MosquittoConfFile.parse("").withAclFile("config/acl").values("acl_file"))
        .containsExactly("config/acl");
  }
}
