package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.pki.KeyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerSettingsTest {

  private static final List<String> HOSTS = List.of("192.168.1.10", "pi.local");

  @Test
  void theDefaultsAreTheStandardPortsEcKeysAndPasswordsOnEveryInterface() {
    BrokerSettings settings = BrokerSettings.builder().build();

    assertThat(settings.hosts()).isEmpty();
    assertThat(settings.port()).isEqualTo(1883).isEqualTo(BrokerSettings.DEFAULT_PORT);
    assertThat(settings.tlsPort()).isEqualTo(8883).isEqualTo(BrokerSettings.DEFAULT_TLS_PORT);
    assertThat(settings.keyType()).isEqualTo(KeyType.EC);
    assertThat(settings.anonymous()).isFalse();
    assertThat(settings.bindAddress()).isNull();
    assertThat(settings.saveOnEveryChange()).isFalse();
    assertThat(settings.maxPacketSize()).isNull();
    assertThat(BrokerSettings.defaults(HOSTS))
        .isEqualTo(BrokerSettings.builder().hosts(HOSTS).build());
    assertThat(BrokerSettings.defaults(HOSTS).hosts()).isEqualTo(HOSTS);
  }

  @Test
  void eachSetterSetsItsSetting() {
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(HOSTS)
            .port(1884)
            .tlsPort(8884)
            .keyType(KeyType.RSA)
            .anonymous(true)
            .bindAddress("127.0.0.1")
            .saveOnEveryChange(true)
            .maxPacketSize(1024)
            .build();

    assertThat(settings.hosts()).isEqualTo(HOSTS);
    assertThat(settings.port()).isEqualTo(1884);
    assertThat(settings.tlsPort()).isEqualTo(8884);
    assertThat(settings.keyType()).isEqualTo(KeyType.RSA);
    assertThat(settings.anonymous()).isTrue();
    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.saveOnEveryChange()).isTrue();
    assertThat(settings.maxPacketSize()).isEqualTo(1024);
    assertThat(settings.toBuilder().maxPacketSize(null).build().maxPacketSize()).isNull();
    assertThat(settings.toBuilder().bindAddress(null).build().bindAddress()).isNull();
  }

  @Test
  void hostsLoseTheirDuplicatesKeepTheirOrderAndAreCopied() {
    List<String> given = new ArrayList<>(List.of("b.local", "a.local", "b.local"));
    BrokerSettings settings = BrokerSettings.builder().hosts(given).build();
    given.add("c.local");

    assertThat(settings.hosts()).containsExactly("b.local", "a.local");
    assertThatThrownBy(() -> settings.hosts().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void eitherListenerMayBeLeftOut() {
    assertThat(BrokerSettings.builder().port(0).build().port()).isZero();
    assertThat(BrokerSettings.builder().tlsPort(0).build().tlsPort()).isZero();
    assertThat(BrokerSettings.builder().port(1).tlsPort(65_535).build().tlsPort())
        .isEqualTo(65_535);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    BrokerSettings original =
        BrokerSettings.builder().hosts(HOSTS).anonymous(true).maxPacketSize(100).build();

    BrokerSettings moved = original.toBuilder().port(1884).tlsPort(8884).build();

    assertThat(moved.port()).isEqualTo(1884);
    assertThat(moved.tlsPort()).isEqualTo(8884);
    assertThat(moved.hosts()).isEqualTo(HOSTS);
    assertThat(moved.anonymous()).isTrue();
    assertThat(moved.maxPacketSize()).isEqualTo(100);
    assertThat(original.port()).isEqualTo(1883);
    assertThat(original.toBuilder().build()).isEqualTo(original).isNotSameAs(original);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65_536})
  void refusesAPortOutOfRange(int port) {
    assertThatThrownBy(() -> BrokerSettings.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The port must be 1 to 65535 (or 0 for none), not " + port + ".");
    assertThatThrownBy(() -> BrokerSettings.builder().tlsPort(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The TLS port must be 1 to 65535 (or 0 for none), not " + port + ".");
  }

  @Test
  void refusesWhatCannotMakeABroker() {
    assertThatThrownBy(() -> BrokerSettings.builder().port(0).tlsPort(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A broker needs at least one listener: set a port or a TLS port.");
    assertThatThrownBy(() -> BrokerSettings.builder().port(8883).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The plain and TLS listeners cannot share port 8883; choose two ports.");
    assertThatThrownBy(() -> BrokerSettings.builder().maxPacketSize(19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Maximum packet size must be at least 20 bytes.");
    assertThat(BrokerSettings.builder().maxPacketSize(20).build().maxPacketSize()).isEqualTo(20);
    assertThatThrownBy(() -> BrokerSettings.builder().keyType(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyType");
    assertThatThrownBy(() -> BrokerSettings.builder().hosts(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("hosts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "pi local", "a,b", "tab\there", "nul\u0000"})
  void refusesAHostThatIsNotANameOrAddress(String host) {
    assertThatThrownBy(() -> BrokerSettings.builder().hosts(List.of("ok.local", host)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Host '" + host + "' is not a valid name or IP address.");
  }

  @Test
  void equalSettingsAreEqualAndShowEverySetting() {
    BrokerSettings a = BrokerSettings.builder().hosts(HOSTS).bindAddress("127.0.0.1").build();
    BrokerSettings b = BrokerSettings.builder().hosts(HOSTS).bindAddress("127.0.0.1").build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isEqualTo(a).isNotEqualTo(null);
    assertThat(a).isNotEqualTo("BrokerSettings");
    List<UnaryOperator<BrokerSettings.Builder>> changes =
        List.of(
            builder -> builder.hosts(List.of("other.local")),
            builder -> builder.port(1884),
            builder -> builder.tlsPort(8884),
            builder -> builder.keyType(KeyType.RSA),
            builder -> builder.anonymous(true),
            builder -> builder.bindAddress("10.0.0.1"),
            builder -> builder.saveOnEveryChange(true),
            builder -> builder.maxPacketSize(1000));
    for (UnaryOperator<BrokerSettings.Builder> change : changes) {
      BrokerSettings changed = change.apply(a.toBuilder()).build();
      assertThat(changed).isNotEqualTo(a);
      assertThat(changed.hashCode()).isNotEqualTo(a.hashCode());
    }
    assertThat(a)
        .hasToString(
            "BrokerSettings[hosts=[192.168.1.10, pi.local], port=1883, tlsPort=8883, keyType=EC,"
                + " anonymous=false, bindAddress=127.0.0.1, saveOnEveryChange=false,"
                + " maxPacketSize=null]");
  }

  @Test
  void theSettingsFileGivesBackTheSameSettings() {
    BrokerSettings full =
        BrokerSettings.builder()
            .hosts(HOSTS)
            .port(0)
            .tlsPort(8884)
            .keyType(KeyType.RSA)
            .anonymous(true)
            .bindAddress("127.0.0.1")
            .saveOnEveryChange(true)
            .maxPacketSize(2048)
            .build();
    BrokerSettings plain = BrokerSettings.defaults(List.of());

    for (BrokerSettings settings : Arrays.asList(full, plain)) {
      assertThat(BrokerSettings.fromProperties(settings.toProperties())).isEqualTo(settings);
    }
    Properties written = plain.toProperties();
    assertThat(written.getProperty("bindAddress")).isNull();
    assertThat(written.getProperty("maxPacketSize")).isNull();
    assertThat(full.toProperties().getProperty("hosts")).isEqualTo("192.168.1.10,pi.local");
  }

  @Test
  void anOlderSettingsFileReadsWithTheDefaultsOfItsTime() {
    Properties old = new Properties();
    old.setProperty("hosts", " 10.0.0.2 ,, pi.local");
    old.setProperty("port", "1883");

    BrokerSettings settings = BrokerSettings.fromProperties(old);

    assertThat(settings.hosts()).containsExactly("10.0.0.2", "pi.local");
    assertThat(settings.port()).isEqualTo(1883);
    assertThat(settings.tlsPort()).isZero();
    assertThat(settings.keyType()).isEqualTo(KeyType.EC);
    assertThat(settings.anonymous()).isFalse();
    assertThat(settings.saveOnEveryChange()).isFalse();
  }
}
