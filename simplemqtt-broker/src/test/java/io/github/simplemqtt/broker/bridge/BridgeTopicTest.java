package io.github.simplemqtt.broker.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.acl.AclAccess;
import org.junit.jupiter.api.Test;

class BridgeTopicTest {

  @Test
  void readsMosquittosTopicSyntaxWithItsDefaults() {
    BridgeTopic topic = BridgeTopic.parse("sensors/# out 1");
    assertThat(topic.pattern()).isEqualTo("sensors/#");
    assertThat(topic.direction()).isEqualTo(BridgeTopic.Direction.OUT);
    assertThat(topic.qos()).isEqualTo(1);
    assertThat(topic.toString()).isEqualTo("sensors/# out 1");

    BridgeTopic bare = BridgeTopic.parse("  alarms/+  ");
    assertThat(bare.direction()).isEqualTo(BridgeTopic.Direction.OUT);
    assertThat(bare.qos()).isZero();
    assertThat(bare.toString()).isEqualTo("alarms/+ out 0");
  }

  @Test
  void prefixesMapTheTopicOnTheRemoteSideAndSetTheAclFilter() {
    BridgeTopic topic = BridgeTopic.parse("cmd/# in 2 \"\" site1/");
    assertThat(topic.localPrefix()).isEmpty();
    assertThat(topic.remotePrefix()).isEqualTo("site1/");
    assertThat(topic.remoteFilter()).isEqualTo("site1/cmd/#");
    assertThat(topic.remoteAccess()).isEqualTo(AclAccess.READ);
    assertThat(topic.toString()).isEqualTo("cmd/# in 2 \"\" site1/");
    assertThat(BridgeTopic.parse(topic.toString())).isEqualTo(topic);
    assertThat(BridgeTopic.parse("a/# out 1").remoteAccess()).isEqualTo(AclAccess.WRITE);
    assertThat(BridgeTopic.parse("a/# both 1").remoteAccess()).isEqualTo(AclAccess.READWRITE);
  }

  @Test
  void badTopicsAreRefusedInOneSentenceNamingThePart() {
    assertThatThrownBy(() -> BridgeTopic.parse("sensors/#/x out 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sensors/#/x' is not a valid filter");
    assertThatThrownBy(() -> BridgeTopic.parse("sensors/a+ out 1"))
        .hasMessageContaining("not a valid filter");
    assertThatThrownBy(() -> BridgeTopic.parse("sensors/# sideways 1"))
        .hasMessageContaining("must be out, in or both, not 'sideways'");
    assertThatThrownBy(() -> BridgeTopic.parse("sensors/# out 3"))
        .hasMessageContaining("must be 0, 1 or 2, not '3'");
    assertThatThrownBy(() -> BridgeTopic.parse("sensors/# out 1 local/"))
        .hasMessageContaining("has 4 words");
    assertThatThrownBy(() -> BridgeTopic.parse("   ")).hasMessageContaining("is empty");
    assertThatThrownBy(() -> BridgeTopic.parse("a/# out 1 x/# y/"))
        .hasMessageContaining("without wildcards");
    assertThatThrownBy(() -> new BridgeTopic("a b", BridgeTopic.Direction.OUT, 1, "", ""))
        .hasMessageContaining("blank");
  }
}
