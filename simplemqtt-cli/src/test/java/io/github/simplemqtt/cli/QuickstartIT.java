package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuickstartIT {

  @Test
  void quickstartRunsEveryStepOnARealBroker() {
    Cli.Result result = Cli.run("quickstart");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .contains("ok created broker directory ")
        .contains("ok added password user alice")
        .contains("ok issued client certificate bob")
        .contains("ok started mosquitto on 127.0.0.1")
        .contains("ok alice connected with her password")
        .contains("ok alice published to quickstart/password and received it")
        .contains("ok bob connected with his client certificate (mutual TLS)")
        .contains("ok listed the certificates")
        .contains("ok stopped mosquitto")
        .contains("ok deleted ")
        .contains("./simplemqtt init ./mosquitto --host <your IP>")
        .contains("./simplemqtt pub --dir ./mosquitto --as bob -t test -m hello")
        .doesNotContain("FAILED");
    assertThat(result.out().lines()).anyMatch(line -> line.matches(" +client +bob +.* valid"));
  }
}
