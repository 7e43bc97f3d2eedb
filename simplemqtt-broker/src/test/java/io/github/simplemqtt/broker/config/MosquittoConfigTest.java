package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void theDefaultsAreTheOnesTheBuilderLists() {
    MosquittoConfig config = MosquittoConfig.builder().build();

    assertThat(config.port()).isEqualTo(MosquittoConfig.DEFAULT_PORT).isEqualTo(1883);
    assertThat(config.bindAddress()).isNull();
    assertThat(config.allowAnonymous()).isFalse();
    assertThat(config.passwordFile()).isEqualTo("config/.passwords");
    assertThat(config.aclFile()).isNull();
    assertThat(config.tlsPort()).isEqualTo(MosquittoConfig.DEFAULT_TLS_PORT).isEqualTo(8883);
    assertThat(config.tlsBindAddress()).isNull();
    assertThat(config.caFile()).isEqualTo("certs/chain.crt");
    assertThat(config.certFile()).isEqualTo("certs/server.crt");
    assertThat(config.keyFile()).isEqualTo("certs/server.key");
    assertThat(config.crlFile()).isEqualTo("certs/crl.pem");
    assertThat(config.tlsVersion()).isEqualTo("tlsv1.2");
    assertThat(config.autosaveInterval()).isEqualTo(300);
    assertThat(config.autosaveOnChanges()).isFalse();
    assertThat(config.maxQueuedMessages()).isEqualTo(10_000);
    assertThat(config.maxQueuedBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.maxInflightMessages()).isEqualTo(20);
    assertThat(config.maxPacketSize()).isNull();
    assertThat(config.messageSizeLimit()).isNull();
    assertThat(config.runAsUser()).isNull();
  }

  @Test
  void eachSetterSetsItsSetting() {
    MosquittoConfig config =
        MosquittoConfig.builder()
            .port(1884)
            .bindAddress("127.0.0.1")
            .allowAnonymous(true)
            .passwordFile("config/users")
            .aclFile("config/rules")
            .tlsPort(8884)
            .tlsBindAddress("10.0.0.1")
            .caFile("certs/ca.crt")
            .certFile("certs/me.crt")
            .keyFile("certs/me.key")
            .crlFile("certs/revoked.pem")
            .tlsVersion("tlsv1.3")
            .autosaveInterval(60)
            .autosaveOnChanges(true)
            .maxQueuedMessages(5)
            .maxQueuedBytes(6)
            .maxInflightMessages(7)
            .maxPacketSize(1000)
            .messageSizeLimit(900)
            .runAsUser("pi")
            .build();

    assertThat(config.port()).isEqualTo(1884);
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.allowAnonymous()).isTrue();
    assertThat(config.passwordFile()).isEqualTo("config/users");
    assertThat(config.aclFile()).isEqualTo("config/rules");
    assertThat(config.tlsPort()).isEqualTo(8884);
    assertThat(config.tlsBindAddress()).isEqualTo("10.0.0.1");
    assertThat(config.caFile()).isEqualTo("certs/ca.crt");
    assertThat(config.certFile()).isEqualTo("certs/me.crt");
    assertThat(config.keyFile()).isEqualTo("certs/me.key");
    assertThat(config.crlFile()).isEqualTo("certs/revoked.pem");
    assertThat(config.tlsVersion()).isEqualTo("tlsv1.3");
    assertThat(config.autosaveInterval()).isEqualTo(60);
    assertThat(config.autosaveOnChanges()).isTrue();
    assertThat(config.maxQueuedMessages()).isEqualTo(5);
    assertThat(config.maxQueuedBytes()).isEqualTo(6);
    assertThat(config.maxInflightMessages()).isEqualTo(7);
    assertThat(config.maxPacketSize()).isEqualTo(1000);
    assertThat(config.messageSizeLimit()).isEqualTo(900);
    assertThat(config.runAsUser()).isEqualTo("pi");
    assertThat(config.toBuilder().noPlainListener().build().port()).isNull();
    assertThat(config.toBuilder().noTlsListener().build().tlsPort()).isNull();
    MosquittoConfig everyChange = MosquittoConfig.builder().saveOnEveryChange().build();
    assertThat(everyChange.autosaveOnChanges()).isTrue();
    assertThat(everyChange.autosaveInterval()).isEqualTo(1);
  }

  @Test
  void equalSettingsAreEqualAndEverySettingCounts() {
    MosquittoConfig config = MosquittoConfig.builder().build();

    assertThat(config)
        .isEqualTo(config)
        .isEqualTo(MosquittoConfig.builder().build())
        .hasSameHashCodeAs(MosquittoConfig.builder().build())
        .isNotEqualTo(null)
        .isNotEqualTo(config.toString());
    List<UnaryOperator<MosquittoConfig.Builder>> changes =
        List.of(
            b -> b.port(1884),
            b -> b.bindAddress("127.0.0.1"),
            b -> b.allowAnonymous(true),
            b -> b.passwordFile("config/users"),
            b -> b.aclFile("config/acl"),
            b -> b.tlsPort(8884),
            b -> b.tlsBindAddress("127.0.0.1"),
            b -> b.caFile("certs/ca.crt"),
            b -> b.certFile("certs/me.crt"),
            b -> b.keyFile("certs/me.key"),
            b -> b.crlFile(null),
            b -> b.tlsVersion("tlsv1.3"),
            b -> b.autosaveInterval(60),
            b -> b.autosaveOnChanges(true),
            b -> b.maxQueuedMessages(5),
            b -> b.maxQueuedBytes(6),
            b -> b.maxInflightMessages(7),
            b -> b.maxPacketSize(1000),
            b -> b.messageSizeLimit(900),
            b -> b.runAsUser("pi"));
    for (UnaryOperator<MosquittoConfig.Builder> change : changes) {
      MosquittoConfig changed = change.apply(MosquittoConfig.builder()).build();
      assertThat(changed).isNotEqualTo(config);
      assertThat(changed.hashCode()).isNotEqualTo(config.hashCode());
    }
    assertThat(config)
        .hasToString(
            "MosquittoConfig[port=1883, bindAddress=null, allowAnonymous=false,"
                + " passwordFile=config/.passwords, aclFile=null, tlsPort=8883,"
                + " tlsBindAddress=null, caFile=certs/chain.crt, certFile=certs/server.crt,"
                + " keyFile=certs/server.key, crlFile=certs/crl.pem, tlsVersion=tlsv1.2,"
                + " autosaveInterval=300, autosaveOnChanges=false, maxQueuedMessages=10000,"
                + " maxQueuedBytes=16777216, maxInflightMessages=20, maxPacketSize=null,"
                + " messageSizeLimit=null, runAsUser=null]");
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

  /**
   * Every string that reaches mosquitto.conf: a newline would start an option of the writer's
   * choosing, a blank or '#' would end the value early.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"a b", "a\tb", "a\nb", "127.0.0.1\nallow_anonymous true", "a#b", "a\u007fb"})
  void noValueCanInjectAnOptionIntoMosquittoConf(String value) {
    for (String field : STRING_FIELDS.keySet()) {
      assertThatThrownBy(() -> STRING_FIELDS.get(field).apply(MosquittoConfig.builder(), value))
          .as(field)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(field + " '")
          .hasMessageContaining("mosquitto.conf cannot hold it")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void tlsBindAddressWithANewlineOrHashIsRefusedByName() {
    assertRefused(b -> b.tlsBindAddress("0.0.0.0\nallow_anonymous true"), "tlsBindAddress '");
    assertRefused(b -> b.tlsBindAddress("0.0.0.0#all"), "tlsBindAddress '");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/etc/mosquitto/file", "C:keys", "c:\\keys\\file", "certs\\file", "..", "../x"})
  void everyFileMustStayInsideTheBrokerDirectory(String path) {
    for (String field : PATH_FIELDS.keySet()) {
      assertThatThrownBy(() -> PATH_FIELDS.get(field).apply(MosquittoConfig.builder(), path))
          .as(field)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(field + " '")
          .hasMessageContaining("broker directory");
    }
  }

  @Test
  void anAbsoluteOrEscapingCrlFileIsRefusedByName() {
    assertRefused(
        b -> b.crlFile("/etc/ssl/crl.pem"), "crlFile '/etc/ssl/crl.pem' must be relative");
    assertRefused(b -> b.crlFile("certs/../../crl.pem"), "crlFile 'certs/../../crl.pem' must stay");
  }

  @Test
  void namesThatOnlyLookLikeEscapesAreKept() {
    MosquittoConfig config =
        MosquittoConfig.builder().crlFile("certs/..crl.pem").aclFile("config/acl..d").build();

    assertThat(options(config.render()))
        .contains("crlfile certs/..crl.pem", "acl_file config/acl..d");
  }

  @Test
  void emptyAndMissingValuesSayWhichSetting() {
    assertRefused(b -> b.passwordFile(null), "passwordFile must be set.");
    assertRefused(b -> b.passwordFile(""), "passwordFile is empty; give a value.");
    assertRefused(b -> b.aclFile(""), "aclFile is empty; give a value or null for none.");
    assertRefused(b -> b.tlsVersion(null), "tlsVersion must be tlsv1.2 or tlsv1.3, not 'null'.");
    assertThat(MosquittoConfig.builder().aclFile(null).crlFile(null).build().paths())
        .doesNotContain("config/acl", "certs/crl.pem");
  }

  @Test
  void aNegativeLimitIsRefusedByName() {
    assertRefused(b -> b.maxInflightMessages(-1), "maxInflightMessages must be 0 or more, not -1.");
    assertRefused(b -> b.maxQueuedMessages(-1), "maxQueuedMessages must be 0 or more, not -1.");
    assertRefused(b -> b.maxQueuedBytes(-1), "maxQueuedBytes must be 0 or more, not -1.");
    assertRefused(b -> b.autosaveInterval(-1), "autosaveInterval must be 0 or more, not -1.");
  }

  @Test
  void everyBoundItselfIsAccepted() {
    MosquittoConfig lowest =
        MosquittoConfig.builder()
            .port(1)
            .tlsPort(2)
            .autosaveInterval(0)
            .maxQueuedMessages(0)
            .maxQueuedBytes(0)
            .maxInflightMessages(0)
            .maxPacketSize(20)
            .messageSizeLimit(1)
            .build();
    MosquittoConfig highest =
        MosquittoConfig.builder()
            .port(65535)
            .tlsPort(65534)
            .maxInflightMessages(65535)
            .maxPacketSize(268_435_460)
            .messageSizeLimit(268_435_455)
            .build();

    assertThat(options(lowest.render()))
        .contains(
            "listener 1",
            "listener 2",
            "autosave_interval 0",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            "max_inflight_messages 0",
            "max_packet_size 20",
            "message_size_limit 1");
    assertThat(options(highest.render()))
        .contains(
            "listener 65535",
            "listener 65534",
            "max_inflight_messages 65535",
            "max_packet_size 268435460",
            "message_size_limit 268435455");
  }

  @Test
  void oneStepPastEveryBoundIsRefused() {
    assertRefused(b -> b.port(65536), "port must be between 1 and 65535, not 65536.");
    assertRefused(b -> b.tlsPort(0), "tlsPort must be between 1 and 65535, not 0.");
    assertRefused(b -> b.maxInflightMessages(65536), "not 65536.");
    assertRefused(b -> b.maxPacketSize(19), "not 19.");
    assertRefused(b -> b.maxPacketSize(268_435_461), "not 268435461.");
    assertRefused(b -> b.messageSizeLimit(268_435_456), "not 268435456.");
  }

  @Test
  void theSamePortOnTheSameAddressIsRefused() {
    assertRefused(
        b -> b.port(1883).bindAddress("127.0.0.1").tlsPort(1883).tlsBindAddress("127.0.0.1"),
        "both use port 1883");
    assertThat(MosquittoConfig.builder().noPlainListener().tlsPort(1883).build().paths())
        .contains("certs/server.key");
  }

  @Test
  void anOpenPlainListenerNamesNoPasswordFile() {
    MosquittoConfig open = MosquittoConfig.builder().allowAnonymous(true).noTlsListener().build();

    assertThat(open.paths()).containsExactly("data/", "log/mosquitto.log");
    assertThat(options(open.render())).contains("allow_anonymous true");
  }

  @Test
  void describesTheAutosaveInWords() {
    assertThat(MosquittoConfig.builder().autosaveInterval(0).build().render())
        .contains("saved when mosquitto stops.");
    assertThat(MosquittoConfig.builder().autosaveInterval(1).build().render())
        .contains("saved every second.");
    assertThat(MosquittoConfig.builder().autosaveInterval(2).build().render())
        .contains("saved every 2 seconds.");
    assertThat(MosquittoConfig.builder().saveOnEveryChange().build().render())
        .contains("saved after every change.");
    assertThat(
            MosquittoConfig.builder().autosaveOnChanges(true).autosaveInterval(5).build().render())
        .contains("saved every 5 changes.");
  }

  @Test
  void aSizeCommentOnlyWhenALimitIsSet() {
    assertThat(MosquittoConfig.builder().build().render()).doesNotContain("Larger packets");
    assertThat(MosquittoConfig.builder().maxPacketSize(1000).build().render())
        .contains("# Larger packets or payloads are refused.\nmax_packet_size 1000\n");
    assertThat(MosquittoConfig.builder().messageSizeLimit(1000).build().render())
        .contains("# Larger packets or payloads are refused.\nmessage_size_limit 1000\n");
  }

  private static final Map<String, BiFunction<MosquittoConfig.Builder, String, MosquittoConfig>>
      PATH_FIELDS =
          Map.of(
              "passwordFile", (b, v) -> b.passwordFile(v).build(),
              "aclFile", (b, v) -> b.aclFile(v).build(),
              "caFile", (b, v) -> b.caFile(v).build(),
              "certFile", (b, v) -> b.certFile(v).build(),
              "keyFile", (b, v) -> b.keyFile(v).build(),
              "crlFile", (b, v) -> b.crlFile(v).build());

  private static final Map<String, BiFunction<MosquittoConfig.Builder, String, MosquittoConfig>>
      STRING_FIELDS = new java.util.TreeMap<>(PATH_FIELDS);

  static {
    STRING_FIELDS.put("bindAddress", (b, v) -> b.bindAddress(v).build());
    STRING_FIELDS.put("tlsBindAddress", (b, v) -> b.tlsBindAddress(v).build());
    STRING_FIELDS.put("runAsUser", (b, v) -> b.runAsUser(v).build());
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
