package io.github.simplemqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.pki.KeyType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The annotation and the builder declare the same broker the same way. */
class BrokerSpecTest {

  @MosquittoTest(
      users = {"alice:secret", "bob:with:colons"},
      certificates = {"device1", "device2"},
      acl = {"pattern read users/%u/#", "user alice", "topic readwrite #", "topic deny secret/#"},
      anonymous = true,
      tls = false,
      saveOnEveryChange = true,
      maxPacketSize = 4096,
      keyType = KeyType.RSA,
      mosquittoExecutable = "/opt/mosquitto/sbin/mosquitto")
  static class Everything {}

  @MosquittoTest
  static class Defaults {}

  @MosquittoTest(users = "alice")
  static class NoPassword {}

  @MosquittoTest(users = {"alice:a", "alice:b"})
  static class TwiceTheSameUser {}

  @MosquittoTest(acl = {"user alice", "topic rw sensors/#"})
  static class BadAcl {}

  @MosquittoTest(maxPacketSize = 5)
  static class TinyPackets {}

  static BrokerSpec of(Class<?> type) {
    return BrokerSpec.of(type.getAnnotation(MosquittoTest.class));
  }

  @Test
  void annotationAndBuilderMakeEqualSpecs() {
    BrokerSpec built =
        MosquittoExtension.builder()
            .certificate("device2")
            .user("bob", "with:colons")
            // In another order than the annotation's; only a user's own rules keep theirs.
            .acl(AclRule.forUser("alice", AclAccess.READWRITE, "#"))
            .acl(AclRule.forUser("alice", AclAccess.DENY, "secret/#"))
            .acl(AclRule.pattern(AclAccess.READ, "users/%u/#"))
            .user("alice", "secret")
            .certificate("device1")
            .anonymous(true)
            .withoutTls()
            .saveOnEveryChange()
            .maxPacketSize(4096)
            .keyType(KeyType.RSA)
            .mosquittoExecutable(Path.of("/opt/mosquitto/sbin/mosquitto"))
            .spec();

    assertThat(of(Everything.class)).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(of(Everything.class).users()).containsEntry("bob", "with:colons");
  }

  @Test
  void defaultsAgree() {
    BrokerSpec defaults = MosquittoExtension.builder().spec();
    assertThat(of(Defaults.class)).isEqualTo(defaults);
    assertThat(defaults.tls()).isTrue();
    assertThat(defaults.anonymous()).isFalse();
    assertThat(defaults.keyType()).isEqualTo(KeyType.EC);
    assertThat(defaults.maxPacketSize()).isNull();
    assertThat(defaults.mosquittoExecutable()).isNull();
  }

  @Test
  void mistakesInTheAnnotationSayHowToWriteIt() {
    assertThatThrownBy(() -> of(NoPassword.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage(
            "@MosquittoTest users entry 'alice' is not 'name:password'; write it as users ="
                + " \"alice:secret\".");
    assertThatThrownBy(() -> of(TwiceTheSameUser.class))
        .hasMessage("@MosquittoTest declares user 'alice' twice; keep one entry per user.");
    assertThatThrownBy(() -> of(BadAcl.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("@MosquittoTest acl is not valid acl_file text")
        .hasMessageContaining("Unknown access word 'rw'");
    assertThatThrownBy(() -> of(TinyPackets.class))
        .hasMessageContaining("maxPacketSize must be 0 (no limit) or at least 20 bytes, not 5");
    assertThatThrownBy(() -> MosquittoExtension.builder().maxPacketSize(5))
        .hasMessageContaining("at least 20 bytes");
  }
}
