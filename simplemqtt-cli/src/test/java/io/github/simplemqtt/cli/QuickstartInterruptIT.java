package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ctrl-C during quickstart stops its mosquitto and deletes its directory (it holds CA keys). */
class QuickstartInterruptIT {
  private static final Pattern CREATED = Pattern.compile("created broker directory (\\S+) ");
  private Process quickstart;

  @AfterEach
  void killWhatWeStarted() {
    if (quickstart != null) {
      quickstart.destroyForcibly();
    }
  }

  @Test
  void sigintAfterTheBrokerStartedStopsItAndDeletesTheTemporaryDirectory() throws Exception {
    quickstart =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "quickstart"))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8));
    Path dir = null;
    long mosquittoPid = -1;
    String line;
    while ((line = out.readLine()) != null) {
      Matcher created = CREATED.matcher(line);
      if (created.find()) {
        dir = Path.of(created.group(1));
      }
      if (line.contains("started mosquitto")) {
        BrokerStatus status = LocalBroker.of(dir).status();
        assertThat(status.state()).isEqualTo(BrokerStatus.State.RUNNING);
        mosquittoPid = status.pid().orElseThrow();
        new ProcessBuilder("kill", "-INT", Long.toString(quickstart.pid())).start().waitFor();
        break;
      }
    }
    assertThat(dir).as("quickstart printed its directory").isNotNull();
    assertThat(mosquittoPid).as("quickstart started mosquitto").isPositive();
    assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).isTrue();

    long pid = mosquittoPid;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(Files.exists(dir.getParent())).as("%s is deleted", dir.getParent()).isFalse();
  }
}
