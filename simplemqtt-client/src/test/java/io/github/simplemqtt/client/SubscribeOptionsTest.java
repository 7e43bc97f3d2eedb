package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.SubscribeOptions.RetainHandling;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscribeOptionsTest {

  @Test
  void aQosAloneTakesMqttsDefaultsForTheRest() {
    SubscribeOptions options = SubscribeOptions.qos(2);

    assertThat(options.qos()).isEqualTo(2);
    assertThat(options.noLocal()).isFalse();
    assertThat(options.retainAsPublished()).isFalse();
    assertThat(options.retainHandling()).isEqualTo(RetainHandling.SEND);
  }

  @Test
  void eachOptionChangesInACopyThatKeepsTheOthers() {
    SubscribeOptions qos1 = SubscribeOptions.qos(1);

    SubscribeOptions all =
        qos1.noLocal(true).retainAsPublished(true).retainHandling(RetainHandling.DONT_SEND);

    assertThat(all.qos()).isEqualTo(1);
    assertThat(all.noLocal()).isTrue();
    assertThat(all.retainAsPublished()).isTrue();
    assertThat(all.retainHandling()).isEqualTo(RetainHandling.DONT_SEND);
    assertThat(all.noLocal(false).retainAsPublished()).isTrue();
    assertThat(all.retainAsPublished(false).noLocal()).isTrue();
    assertThat(all.retainHandling(RetainHandling.SEND_IF_NEW))
        .extracting(
            SubscribeOptions::qos,
            SubscribeOptions::noLocal,
            SubscribeOptions::retainAsPublished,
            SubscribeOptions::retainHandling)
        .containsExactly(1, true, true, RetainHandling.SEND_IF_NEW);
    assertThat(qos1).isEqualTo(SubscribeOptions.qos(1));
  }

  @Test
  void onlyAnOptionBesidesTheQosNeedsMqtt5() {
    assertThat(SubscribeOptions.qos(2).needsMqtt5()).isFalse();
    assertThat(SubscribeOptions.qos(0).retainHandling(RetainHandling.SEND).needsMqtt5()).isFalse();
    assertThat(SubscribeOptions.qos(0).noLocal(true).needsMqtt5()).isTrue();
    assertThat(SubscribeOptions.qos(0).retainAsPublished(true).needsMqtt5()).isTrue();
    assertThat(SubscribeOptions.qos(0).retainHandling(RetainHandling.SEND_IF_NEW).needsMqtt5())
        .isTrue();
    assertThat(SubscribeOptions.qos(0).retainHandling(RetainHandling.DONT_SEND).needsMqtt5())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 3})
  void aQosOtherThanZeroOneOrTwoIsRefused(int qos) {
    assertThatThrownBy(() -> SubscribeOptions.qos(qos))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("QoS must be 0, 1 or 2, not " + qos + ".");
  }

  @Test
  void noRetainHandlingIsRefused() {
    assertThatThrownBy(() -> SubscribeOptions.qos(1).retainHandling(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("retainHandling");
  }

  @Test
  void optionsAreEqualWhenEveryOptionIs() {
    SubscribeOptions options =
        SubscribeOptions.qos(1)
            .noLocal(true)
            .retainAsPublished(true)
            .retainHandling(RetainHandling.SEND_IF_NEW);
    SubscribeOptions same =
        SubscribeOptions.qos(1)
            .retainHandling(RetainHandling.SEND_IF_NEW)
            .retainAsPublished(true)
            .noLocal(true);

    assertThat(options).isEqualTo(same).hasSameHashCodeAs(same);
    List<SubscribeOptions> oneDifference =
        List.of(
            SubscribeOptions.qos(2)
                .noLocal(true)
                .retainAsPublished(true)
                .retainHandling(RetainHandling.SEND_IF_NEW),
            options.noLocal(false),
            options.retainAsPublished(false),
            options.retainHandling(RetainHandling.DONT_SEND));
    assertThat(oneDifference).allSatisfy(other -> assertThat(options).isNotEqualTo(other));
    assertThat(options).isNotEqualTo("SubscribeOptions[qos=1]");
  }

  @Test
  void toStringNamesTheQosAndOnlyTheOptionsThatDifferFromTheDefaults() {
    assertThat(SubscribeOptions.qos(1)).hasToString("SubscribeOptions[qos=1]");
    assertThat(
            SubscribeOptions.qos(0)
                .noLocal(true)
                .retainAsPublished(true)
                .retainHandling(RetainHandling.DONT_SEND))
        .hasToString(
            "SubscribeOptions[qos=0, noLocal, retainAsPublished, retainHandling=DONT_SEND]");
  }
}
