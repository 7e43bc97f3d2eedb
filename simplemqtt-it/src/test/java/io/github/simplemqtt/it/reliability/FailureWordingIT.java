package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MQTTClient;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures are said once: no exception in a cause chain repeats the sentence of another. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureWordingIT {
  @RegisterExtension
  MosquittoExtension mosquitto = MosquittoExtension.builder().user("alice", "pw").build();

  @Test
  void noSentenceAppearsTwiceInTheCauseChainOfAConnectFailure(MosquittoBroker broker) {
    List<String> endpoints = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      proxy.refuseNewConnections(true);
      endpoints.add(proxy.host() + ":" + proxy.port()); // closed while connecting
      endpoints.add("127.0.0.1:" + FreePorts.pick()); // nothing listening
      for (String endpoint : endpoints) {
        String[] hostPort = endpoint.split(":");
        try (MQTTClient client =
            MQTTClient.builder()
                .broker(hostPort[0], Integer.parseInt(hostPort[1]))
                .credentials("alice", "pw")
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
          Throwable failure = catchThrowable(client::connect);
          assertThat(failure).isInstanceOf(ConnectionException.class);
          List<String> messages = new ArrayList<>();
          for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
          }
          assertThat(messages)
              .as("messages along the cause chain for %s", endpoint)
              .doesNotHaveDuplicates();
        }
      }
    }
  }
}
