package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MosquittoConfigTest {
  /** The kit's full setup: password login on 1883, mutual TLS on 8883, an ACL on both. */
  static final MosquittoConfig PASSWORD_AND_TLS =
      MosquittoConfig.builder().aclFile(MosquittoConfig.DEFAULT_ACL_FILE).build();

  /** The original's first step: open plain MQTT only. Saves on every change, as tests need. */
  static final MosquittoConfig ANONYMOUS_ONLY =
      MosquittoConfig.builder().allowAnonymous(true).noTlsListener().saveOnEveryChange().build();

  /** Mutual TLS only, on one address, with the optional limits and user set. */
  static final MosquittoConfig TLS_ONLY =
      MosquittoConfig.builder()
          .noPlainListener()
          .tlsPort(8884)
          .tlsBindAddress("192.168.1.103")
          .tlsVersion("tlsv1.3")
          .aclFile(MosquittoConfig.DEFAULT_ACL_FILE)
          .autosaveInterval(0)
          .maxQueuedMessages(50_000)
          .maxQueuedBytes(0)
          .maxInflightMessages(100)
          .maxPacketSize(1_048_576)
          .messageSizeLimit(262_144)
          .runAsUser("pi")
          .build();

  static final List<MosquittoConfig> ALL = List.of(PASSWORD_AND_TLS, ANONYMOUS_ONLY, TLS_ONLY);

  @Test
  void rendersPasswordAndTls() {
    Golden.assertMatches("mosquitto-password-tls.conf", PASSWORD_AND_TLS.render());
  }

  @Test
  void rendersAnonymousOnly() {
    Golden.assertMatches("mosquitto-anonymous.conf", ANONYMOUS_ONLY.render());
  }

  @Test
  void rendersTlsOnly() {
    Golden.assertMatches("mosquitto-tls-only.conf", TLS_ONLY.render());
  }

  @Test
  void perListenerSettingsComesBeforeEverySecurityOption() {
    for (MosquittoConfig config : ALL) {
      List<String> options = options(config.render());
      assertThat(options.get(0)).isEqualTo("per_listener_settings true");
      assertThat(options).filteredOn(o -> o.startsWith("per_listener_settings")).hasSize(1);
    }
  }

  @Test
  void keepsCommentsOffValueLinesAndOneLogTypePerLine() {
    for (MosquittoConfig config : ALL) {
      for (String option : options(config.render())) {
        assertThat(option).as("option line").doesNotContain("#").isEqualTo(option.strip());
        if (option.startsWith("log_type ")) {
          assertThat(option.split(" ")).hasSize(2);
        }
      }
    }
  }

  @Test
  void securesEachListener() {
    String text = PASSWORD_AND_TLS.render();
    String plain = text.substring(text.indexOf("listener 1883"), text.indexOf("listener 8883"));
    String tls = text.substring(text.indexOf("listener 8883"));

    assertThat(options(plain))
        .contains("allow_anonymous false", "password_file config/.passwords", "acl_file config/acl")
        .noneMatch(o -> o.startsWith("certfile"));
    assertThat(options(tls))
        .containsSubsequence(
            "listener 8883",
            "cafile certs/chain.crt",
            "certfile certs/server.crt",
            "keyfile certs/server.key",
            "crlfile certs/crl.pem",
            "require_certificate true",
            "use_identity_as_username true",
            "tls_version tlsv1.2",
            "allow_anonymous false",
            "acl_file config/acl")
        .noneMatch(o -> o.startsWith("password_file"));
    assertThat(options(ANONYMOUS_ONLY.render()))
        .contains("listener 1883", "allow_anonymous true", "autosave_on_changes true")
        .contains("autosave_interval 1")
        .noneMatch(o -> o.startsWith("password_file") || o.startsWith("acl_file"))
        .noneMatch(o -> o.startsWith("listener 8883"));
  }

  @Test
  void listsThePathsItNames() {
    assertThat(PASSWORD_AND_TLS.paths())
        .containsExactly(
            "config/.passwords",
            "config/acl",
            "certs/chain.crt",
            "certs/server.crt",
            "certs/server.key",
            "certs/crl.pem",
            "data/",
            "log/mosquitto.log");
    assertThat(ANONYMOUS_ONLY.paths()).containsExactly("data/", "log/mosquitto.log");
    assertThat(TLS_ONLY.toBuilder().crlFile(null).build().paths()).doesNotContain("certs/crl.pem");
  }

  @Test
  void toBuilderKeepsEverySetting() {
    for (MosquittoConfig config : ALL) {
      assertThat(config.toBuilder().build()).isEqualTo(config);
    }
  }

  @Test
  void refusesSettingsMosquittoCannotUse() {
    assertRefused(b -> b.noPlainListener().noTlsListener(), "at least one listener");
    assertRefused(b -> b.port(0), "port must be between 1 and 65535");
    assertRefused(b -> b.tlsPort(70000), "tlsPort must be between 1 and 65535");
    assertRefused(b -> b.port(1883).tlsPort(1883), "both use port 1883");
    assertRefused(b -> b.passwordFile("/etc/mosquitto/passwd"), "relative");
    assertRefused(b -> b.keyFile("C:\\keys\\server.key"), "relative");
    assertRefused(b -> b.aclFile("../acl"), "'..'");
    assertRefused(b -> b.certFile("certs/my server.crt"), "blank");
    assertRefused(b -> b.caFile("certs/ca.crt#1"), "'#'");
    assertRefused(b -> b.bindAddress(""), "empty");
    assertRefused(b -> b.tlsVersion("tlsv1.1"), "tlsv1.2 or tlsv1.3");
    assertRefused(b -> b.maxQueuedMessages(-1), "maxQueuedMessages must be 0 or more");
    assertRefused(b -> b.maxQueuedBytes(-1), "maxQueuedBytes must be 0 or more");
    assertRefused(b -> b.maxInflightMessages(70000), "65535");
    assertRefused(b -> b.maxPacketSize(10), "maxPacketSize must be between 20");
    assertRefused(b -> b.messageSizeLimit(0), "messageSizeLimit must be between 1");
    assertRefused(b -> b.autosaveInterval(-5), "autosaveInterval must be 0 or more");
    assertRefused(b -> b.runAsUser("two words"), "blank");
  }

  @Test
  void allowsTheSamePortOnDifferentAddresses() {
    MosquittoConfig config =
        MosquittoConfig.builder()
            .port(1883)
            .bindAddress("127.0.0.1")
            .tlsPort(1883)
            .tlsBindAddress("192.168.1.103")
            .build();

    assertThat(options(config.render()))
        .contains("listener 1883 127.0.0.1", "listener 1883 192.168.1.103");
  }

  private static void assertRefused(UnaryOperator<MosquittoConfig.Builder> change, String why) {
    assertThatThrownBy(() -> change.apply(MosquittoConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }

  /** The option lines: neither comments nor blank. */
  static List<String> options(String conf) {
    return conf.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }
}
