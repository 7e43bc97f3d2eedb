package io.github.simplemqtt.benchmarks;

import com.sun.management.UnixOperatingSystemMXBean;
import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import io.github.simplemqtt.benchmarks.Trial.Metric;
import io.github.simplemqtt.benchmarks.Trial.Outcome;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The connections workload (issue 18 item 15): how far one kit broker goes. Holds 1,000, 5,000 and
 * 10,000 idle mutual-TLS clients in turn (as far as the open-file limits of this JVM and of the
 * broker allow) and reads the broker's resident memory, this JVM's threads and heap per connection,
 * and the time to connect them all. Then a reconnect storm: a broker restart under 1,000 clients
 * with sessions the broker keeps, each publishing one QoS 1 message while the broker is down; the
 * time from the broker's start until every client is back, and how many of those messages a
 * subscriber (itself restarted with them) did not get.
 */
final class Connections {
  /** Paho runs four threads per client: beyond this many clients it measures thread limits. */
  static final int PAHO_MAX_CLIENTS = 1_000;

  /** Clients in the reconnect storm, at most. */
  static final int STORM_CLIENTS = 1_000;

  /** File descriptors kept free for everything else (jars, logs, the broker's own files). */
  private static final int SPARE_FILES = 200;

  /** How long a restarted broker's clients have to come back before the run gives up. */
  private static final Duration BACK_WITHIN = Duration.ofMinutes(5);

  /** Clients connecting at once: a fleet does not wait for each device in turn. */
  static final int CONNECTING_AT_ONCE = 8;

  /** Clients each library connects and closes, unrecorded, before its first measured run. */
  private static final int WARM_UP_CLIENTS = 100;

  private static final AtomicLong IDS = new AtomicLong();

  private final Set<Library> warmedUp = EnumSet.noneOf(Library.class);
  private long brokerFilesAtStart = -1;
  private long ourFilesAtStart = -1;
  private long rssAtStart;

  private final BenchOptions options;
  private final BenchBrokers brokers;
  private final List<String> notes = new ArrayList<>();

  Connections(BenchOptions options, BenchBrokers brokers) {
    this.options = options;
    this.brokers = brokers;
  }

  /** What the workload could not do here (open-file limits), for the report's notes. */
  List<String> notes() {
    return notes;
  }

  List<Trial> trials() throws IOException {
    LocalBroker broker = brokers.connectionsBroker();
    long brokerFiles = openFileLimit(broker.status().pid().orElseThrow());
    long ourFiles = ourOpenFileLimit();
    String id = Workload.CONNECTIONS.id();
    List<Metric> idle =
        List.of(
            new Metric("connect all", "s", false),
            new Metric("broker RSS/conn", "KiB", false),
            new Metric("threads/conn", "threads", false),
            new Metric("heap/conn", "KiB", false));
    List<Trial> trials = new ArrayList<>();
    for (int count : options.connectionCounts()) {
      long needed = count + (long) SPARE_FILES;
      if (needed > brokerFiles || needed > ourFiles) {
        notes.add(
            String.format(
                "connections: %,d connections skipped: they need %,d open files, and the limit is"
                    + " %,d for the broker and %,d for this JVM (raise it with `ulimit -n`).",
                count, needed, brokerFiles, ourFiles));
        continue;
      }
      String scenario = count + " idle mTLS";
      for (Library library : List.of(Library.SIMPLEMQTT, Library.HIVEMQ, Library.PAHO)) {
        if (library == Library.PAHO && count > PAHO_MAX_CLIENTS) {
          continue;
        }
        trials.add(
            new Trial(
                id, scenario, library.label(), library.ours(), idle, () -> hold(library, count)));
      }
    }
    int storm = Math.min(STORM_CLIENTS, options.connections());
    if (storm + 1L + SPARE_FILES <= Math.min(brokerFiles, ourFiles)) {
      List<Metric> restart =
          List.of(new Metric("all back after", "s", false), new Metric("lost", "msgs", false));
      String scenario = "broker restart under " + storm + " clients";
      for (Library library : List.of(Library.SIMPLEMQTT, Library.HIVEMQ)) {
        trials.add(
            new Trial(
                id,
                scenario,
                library.label(),
                library.ours(),
                restart,
                () -> storm(library, storm)));
      }
    }
    return trials;
  }

  /**
   * Connects {@code count} clients, {@link #CONNECTING_AT_ONCE} at a time, then reads what they and
   * the broker hold. The broker's memory is counted from when it started: memory it freed after an
   * earlier run is used again, so growth since the last run would favour whoever runs second.
   */
  private Outcome hold(Library library, int count) throws Exception {
    Endpoint endpoint = brokers.connectionsEndpoint();
    long brokerPid = brokers.connectionsBroker().status().pid().orElseThrow();
    if (brokerFilesAtStart < 0) {
      brokerFilesAtStart = openFiles(brokerPid);
      ourFilesAtStart = openFiles(ProcessHandle.current().pid());
      rssAtStart = residentKiB(brokerPid);
    }
    if (warmedUp.add(library)) {
      closeAll(connectAll(library, endpoint, Math.min(WARM_UP_CLIENTS, options.connections())));
    }
    Map<String, Double> values = new LinkedHashMap<>();
    awaitSettled(brokerPid);
    Workloads.quiesce();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long heapBefore = Workloads.usedHeap();
    long start = System.nanoTime();
    List<BenchClient> clients = connectAll(library, endpoint, count);
    try {
      values.put("connect all", (System.nanoTime() - start) / 1e9);
      Workloads.quiesce();
      values.put("broker RSS/conn", (residentKiB(brokerPid) - rssAtStart) / (double) count);
      values.put(
          "threads/conn",
          (ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore) / (double) count);
      values.put("heap/conn", (Workloads.usedHeap() - heapBefore) / 1024.0 / count);
    } finally {
      closeAll(clients);
    }
    return new Outcome(values, 0, 0, 0);
  }

  /** {@code count} connected clients, connected {@link #CONNECTING_AT_ONCE} at a time. */
  private static List<BenchClient> connectAll(Library library, Endpoint endpoint, int count)
      throws Exception {
    List<BenchClient> clients = Collections.synchronizedList(new ArrayList<>(count));
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_AT_ONCE);
    try {
      List<Future<?>> connects = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        connects.add(
            pool.submit(
                () -> {
                  BenchClient client = library.create();
                  clients.add(client);
                  client.connect(endpoint, "conn-" + IDS.incrementAndGet());
                  return null;
                }));
      }
      for (Future<?> connect : connects) {
        connect.get();
      }
    } catch (Exception e) {
      closeAll(clients);
      throw e;
    } finally {
      pool.shutdownNow();
    }
    return clients;
  }

  private static void closeAll(List<BenchClient> clients) {
    synchronized (clients) {
      for (BenchClient client : clients) {
        client.close();
      }
    }
  }

  /**
   * Waits until the broker and this JVM hold no more files than at the start (give or take a few):
   * a library's closed clients let go of their connections asynchronously, and until they have,
   * their memory would be counted against the next library.
   */
  private void awaitSettled(long brokerPid) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long ourPid = ProcessHandle.current().pid();
    while (openFiles(brokerPid) > brokerFilesAtStart + 5
        || openFiles(ourPid) > ourFilesAtStart + 20) {
      if (System.nanoTime() - deadline > 0) {
        notes.add(
            "connections: connections of an earlier run were still open after 60 s; figures of"
                + " the next run include them.");
        return;
      }
      Thread.sleep(20); // polling /proc: there is no event for a file closing
    }
  }

  /** How many files process {@code pid} has open, from /proc. */
  static long openFiles(long pid) throws IOException {
    try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return files.count();
    }
  }

  /**
   * Restarts the broker under {@code count} connected clients, each of which publishes one QoS 1
   * message while the broker is down; a subscriber of the same library, also restarted, counts
   * them.
   */
  private Outcome storm(Library library, int count) throws Exception {
    Endpoint endpoint = brokers.connectionsEndpoint();
    LocalBroker broker = brokers.connectionsBroker();
    String topic = "storm/" + ProcessHandle.current().pid() + "/" + IDS.incrementAndGet();
    Receiver receiver = new Receiver(count);
    List<BenchClient> clients = new ArrayList<>(count + 1);
    try {
      BenchClient subscriber = library.create();
      clients.add(subscriber);
      subscriber.prepareToOutlastRestarts(endpoint, "storm-sub-" + IDS.incrementAndGet());
      subscriber.connect();
      subscriber.subscribe(topic + "/#", 1, receiver::accept);
      List<BenchClient> publishers = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        BenchClient client = library.create();
        clients.add(client);
        publishers.add(client);
        client.prepareToOutlastRestarts(endpoint, "storm-" + IDS.incrementAndGet());
        client.connect();
      }
      broker.stop();
      awaitAll(clients, c -> !c.isConnected(), "to see the broker gone");
      for (int i = 0; i < count; i++) {
        publishers.get(i).publishAsync(topic + "/" + i, Payloads.make(i, 0, options.size()), 1);
      }
      long start = System.nanoTime();
      broker.start();
      awaitAll(clients, BenchClient::isConnected, "to come back");
      double back = (System.nanoTime() - start) / 1e9;
      for (BenchClient client : publishers) {
        client.flush();
      }
      receiver.awaitAll(Workloads.IDLE);
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("all back after", back);
      values.put("lost", (double) (count - receiver.received()));
      return new Outcome(values, count, receiver.received(), receiver.duplicates());
    } finally {
      for (BenchClient client : clients) {
        client.close();
      }
    }
  }

  /** Polls until {@code condition} holds for every client; fails after {@link #BACK_WITHIN}. */
  private static void awaitAll(
      List<BenchClient> clients, Predicate<BenchClient> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
    int index = 0;
    while (index < clients.size()) {
      if (condition.test(clients.get(index))) {
        index++; // a client that got there stays counted: the polling moves on
        continue;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            (clients.size() - index)
                + " of "
                + clients.size()
                + " clients failed "
                + what
                + " within "
                + BACK_WITHIN.toMinutes()
                + " minutes.");
      }
      Thread.sleep(5); // polling a flag the libraries offer no callback for in common
    }
  }

  /** The resident memory of process {@code pid} in KiB, from /proc. */
  static long residentKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("No VmRSS line in /proc/" + pid + "/status.");
  }

  /** The soft limit on open files of process {@code pid}, from /proc; huge when unlimited. */
  static long openFileLimit(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    throw new IOException("No 'Max open files' line in /proc/" + pid + "/limits.");
  }

  /** What this JVM may still open: its limit less what it has open now. */
  private static long ourOpenFileLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
    }
    return Long.MAX_VALUE;
  }
}
