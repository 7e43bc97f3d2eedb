package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.Message;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:11:12.000123456Z");

  @Test
  void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
    assertThat(OutputFormat.quote("plain")).isEqualTo("\"plain\"");
    assertThat(OutputFormat.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(OutputFormat.quote("l1\nl2\r\t\u0001")).isEqualTo("\"l1\\nl2\\r\\t\\u0001\"");
    assertThat(OutputFormat.quote("é ✓")).isEqualTo("\"é ✓\"");
  }

  @Test
  void formatsEveryCodeAndEscape() {
    Message message =
        Message.builder("a/b")
            .payload("hi")
            .qos(1)
            .retained(true)
            .userProperty("k", "v")
            .userProperty("k2", "v2")
            .contentType("text/plain")
            .responseTopic("r")
            .correlationData(new byte[] {'c'})
            .messageExpiry(Duration.ofSeconds(9))
            .payloadUtf8(true)
            .build();
    assertThat(
            OutputFormat.of("%t|%p|%P|%q|%r|%l|%m|%C|%R|%D|%E|%F|%x|%X|%I|%U|%%\\t\\n\\\\")
                .format(message, NOW))
        .isEqualTo(
            "a/b|hi|k:v k2:v2|1|1|2||text/plain|r|c|9|1|6869|6869|2026-12-05T10:11:12+0000"
                + "|"
                + NOW.getEpochSecond()
                + ".000123456|%\t\n\\");
    assertThat(OutputFormat.of("%j").format(message, NOW))
        .isEqualTo(
            "{\"tst\":\"2026-12-05T10:11:12.000123Z+0000\",\"topic\":\"a/b\",\"qos\":1,\"retain\":1,"
                + "\"payloadlen\":2,\"properties\":{\"user-properties\":{\"k\":\"v\",\"k2\":\"v2\"},"
                + "\"content-type\":\"text/plain\",\"response-topic\":\"r\","
                + "\"correlation-data\":\"c\",\"message-expiry-interval\":9,"
                + "\"payload-format-indicator\":1},\"payload\":\"hi\"}");
    Message bare = new Message("t", new byte[] {'x'}, 0, false);
    assertThat(OutputFormat.of("%P%C%R%D%E%F|%j").format(bare, NOW))
        .isEqualTo(
            "|{\"tst\":\"2026-12-05T10:11:12.000123Z+0000\",\"topic\":\"t\",\"qos\":0,"
                + "\"retain\":0,\"payloadlen\":1,\"payload\":\"x\"}");
  }

  @Test
  void refusesUnknownCodesAndLoneEscapes() {
    assertThatThrownBy(() -> OutputFormat.of("%z"))
        .hasMessage(
            "-F has the unknown code '%z'; see simplemqtt sub --help for the codes it knows.");
    assertThatThrownBy(() -> OutputFormat.of("\\q")).hasMessageContaining("unknown code '\\q'");
    assertThatThrownBy(() -> OutputFormat.of("100%"))
        .hasMessage("-F ends with a lone '%'; write %% for a percent sign, \\\\ for a backslash.");
  }
}
