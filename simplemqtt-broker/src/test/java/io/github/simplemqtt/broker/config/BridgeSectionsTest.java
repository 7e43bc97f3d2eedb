package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.config.MosquittoConfFile.Option;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bridge sections ({@code connection NAME} and its options) in the one mosquitto.conf model. */
class BridgeSectionsTest {
  private static final String BASE =
      "per_listener_settings true\n"
          + "# a person's comment\n"
          + "listener 1883\n"
          + "password_file config/.passwords\n"
          + "listener 8883\n"
          + "cafile certs/chain.crt\n";

  private static final List<Option> OPTIONS =
      List.of(
          new Option("address", "10.0.0.1:8883"),
          new Option("topic", "sensors/# out 1"),
          new Option("cleansession", "false"));

  @Test
  void aBridgeIsAddedAtTheEndAndRemovedToTheSameText() {
    MosquittoConfFile conf = MosquittoConfFile.parse(BASE);
    MosquittoConfFile bridged =
        conf.withConnection("central", List.of("Bridge to central"), OPTIONS);

    assertThat(bridged.text())
        .isEqualTo(
            BASE
                + "\n# Bridge to central\nconnection central\naddress 10.0.0.1:8883\n"
                + "topic sensors/# out 1\ncleansession false\n");
    assertThat(bridged.connections()).containsExactly("central");
    assertThat(bridged.connection("central")).isEqualTo(OPTIONS);
    assertThat(bridged.connection("other")).isEmpty();
    // The bridge's options are not the TLS listener's settings.
    assertThat(bridged.listeners()).isEqualTo(conf.listeners());
    assertThat(bridged.withoutConnection("central").text()).isEqualTo(BASE);
  }

  @Test
  void replacingOneBridgeKeepsTheOthersAndTheirComments() {
    MosquittoConfFile two =
        MosquittoConfFile.parse(BASE)
            .withConnection("a", List.of("first"), OPTIONS)
            .withConnection("b", List.of("second"), List.of(new Option("address", "h:1")));
    MosquittoConfFile replaced =
        two.withConnection("a", List.of("first again"), List.of(new Option("address", "x:2")));

    assertThat(replaced.connections()).containsExactly("b", "a");
    assertThat(replaced.connection("a")).containsExactly(new Option("address", "x:2"));
    assertThat(replaced.text()).contains("# second\nconnection b\naddress h:1\n");
    assertThat(replaced.text()).doesNotContain("# first\n");
    assertThat(replaced.withoutConnection("a").withoutConnection("b").text()).isEqualTo(BASE);
  }

  @Test
  void anAclFileIsWrittenToTheListenerNotIntoABridgeSection() {
    MosquittoConfFile bridged =
        MosquittoConfFile.parse(BASE).withConnection("central", List.of(), OPTIONS);

    MosquittoConfFile withAcl = bridged.withAclFile("config/acl");

    assertThat(withAcl.connection("central")).isEqualTo(OPTIONS);
    assertThat(withAcl.listeners().get(1).setting("acl_file")).hasValue("config/acl");
    assertThat(withAcl.text().indexOf("acl_file config/acl"))
        .isLessThan(withAcl.text().indexOf("connection central"));
    assertThat(withAcl.withAclFile(null).text()).isEqualTo(bridged.text());
  }

  @Test
  void namesAndValuesThatWouldBreakTheFileAreRefused() {
    MosquittoConfFile conf = MosquittoConfFile.parse(BASE);
    assertThatThrownBy(() -> conf.withConnection("two words", List.of(), OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The bridge name 'two words' is not allowed");
    assertThatThrownBy(() -> conf.withConnection("../x", List.of(), OPTIONS))
        .hasMessageContaining("not allowed");
    assertThatThrownBy(
            () ->
                conf.withConnection("ok", List.of(), List.of(new Option("topic", "a\nlistener 1"))))
        .hasMessageContaining("cannot be written as one mosquitto.conf line");
  }
}
