package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R9: 200 clients in one JVM, all over mutual TLS to one broker, each subscribing to its own topic
 * and publishing to its neighbour's. Every message is accounted for; the threads and heap each
 * client costs are measured.
 */
class LoadIT {
  static final int CLIENTS = 200;
  static final int PER_CLIENT = 20;

  @RegisterExtension
  static MosquittoExtension mosquitto = MosquittoExtension.builder().certificate("bob").build();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void twoHundredMutualTlsClientsAccountForEveryMessage(MosquittoBroker broker) throws Exception {
    Tally tally = new Tally(CLIENTS * PER_CLIENT);
    MqttClient[] clients = new MqttClient[CLIENTS];
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long threadsBefore = liveThreads();
    long heapBefore = usedHeap();
    try {
      long connectStart = System.nanoTime();
      List<Future<?>> connects = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        int index = i;
        String topic = "load/" + i;
        connects.add(
            pool.submit(
                () -> {
                  // Each client loads its PEM files and keys itself, as separate programs would.
                  MqttClient client = broker.tlsClient("bob").clientId("load-" + index).build();
                  clients[index] = client;
                  client.connect();
                  client.subscribe(topic, 1, tally);
                }));
      }
      for (Future<?> connect : connects) {
        connect.get(60, TimeUnit.SECONDS);
      }
      long connectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart);
      long threadsConnected = liveThreads() - threadsBefore;
      long heapConnected = usedHeap() - heapBefore;

      long trafficStart = System.nanoTime();
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int j = 0; j < PER_CLIENT; j++) {
        for (int i = 0; i < CLIENTS; i++) {
          int target = (i + 1) % CLIENTS;
          acks.add(
              clients[i].publishAsync(
                  "load/" + target, Tally.payload(target * PER_CLIENT + j), 1, false));
        }
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      boolean all = tally.awaitAll(Duration.ofSeconds(30));
      long trafficMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trafficStart);
      long threadsBusy = liveThreads() - threadsBefore;
      long heapBusy = usedHeap() - heapBefore;

      Figures.of("R9", "LoadIT")
          .put("clients (mutual TLS)", CLIENTS)
          .put("sent", CLIENTS * PER_CLIENT)
          .put("received", tally.received())
          .put("lost", tally.lost())
          .put("duplicated", tally.duplicates())
          .put("build+connect+subscribe all ms (8 threads)", connectMs)
          .put("traffic ms", trafficMs)
          .put(
              "threads per client idle/busy",
              String.format(
                  "%.2f/%.2f", threadsConnected / (double) CLIENTS, threadsBusy / (double) CLIENTS))
          .put(
              "heap KB per client idle/busy",
              (heapConnected / CLIENTS / 1024) + "/" + (heapBusy / CLIENTS / 1024))
          .write();

      assertThat(clients).allMatch(MqttClient::isConnected);
      assertThat(all).as("all delivered; missing %s", tally.missingSample()).isTrue();
      assertThat(tally.duplicates()).isZero();
    } finally {
      pool.shutdownNow();
      for (MqttClient client : clients) {
        if (client != null) {
          client.close();
        }
      }
    }
  }

  private static long liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
