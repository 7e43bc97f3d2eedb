package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import io.github.simplemqtt.benchmarks.Trial.Metric;
import io.github.simplemqtt.benchmarks.Trial.Outcome;
import io.github.simplemqtt.broker.pki.KeyType;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.pki.PkiOptions;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The six workloads, each as a list of trials. */
final class Workloads {
  /** How long a subscriber may stay silent before what has not arrived counts as lost. */
  static final Duration IDLE = Duration.ofSeconds(1);

  private static final AtomicLong IDS = new AtomicLong();

  /** Two user properties such as a tracing or routing layer adds to every message. */
  private static final String[] USER_PROPERTIES = {"trace-id", "4bf92f3577b34da6", "site", "lab-1"};

  private static final List<Metric> RATE =
      List.of(
          new Metric("msgs/s", "msgs/s", true),
          new Metric("client CPU", "us/msg", false),
          new Metric("broker CPU", "us/msg", false));

  private final BenchOptions options;
  private final BenchBrokers brokers;
  private final boolean mosquittoTools;
  private final Path scratch;

  Workloads(BenchOptions options, BenchBrokers brokers, boolean mosquittoTools, Path scratch) {
    this.options = options;
    this.brokers = brokers;
    this.mosquittoTools = mosquittoTools;
    this.scratch = scratch;
  }

  /** Messages per run of the blocking pattern, which is an order of magnitude slower. */
  int blockingMessages() {
    return Math.max(1, options.messages() / 5);
  }

  List<Trial> throughput() {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.THROUGHPUT.id();
    for (boolean tls : new boolean[] {false, true}) {
      Endpoint endpoint = tls ? brokers.ecTls() : brokers.plain();
      String transport = tls ? "mTLS" : "plain";
      for (int qos = 0; qos <= 2; qos++) {
        String scenario = "QoS " + qos + " " + transport;
        int q = qos;
        int n = options.messages();
        trials.add(
            new Trial(
                id,
                scenario,
                "simplemqtt publishAsync",
                true,
                RATE,
                () -> javaThroughput(Library.SIMPLEMQTT, endpoint, q, n, true)));
        trials.add(
            new Trial(
                id,
                scenario,
                "HiveMQ async",
                false,
                RATE,
                () -> javaThroughput(Library.HIVEMQ, endpoint, q, n, true)));
        trials.add(
            new Trial(
                id,
                scenario,
                "Paho async",
                false,
                RATE,
                () -> javaThroughput(Library.PAHO, endpoint, q, n, true)));
        if (mosquittoTools) {
          trials.add(
              new Trial(
                  id,
                  scenario,
                  "mosquitto_pub -l",
                  false,
                  RATE,
                  () -> mosquittoThroughput(endpoint, q, n)));
        }
      }
      if (!tls) {
        // Issue 17: what our properties layer costs against HiveMQ's own builder.
        String withProperties = "QoS 1 plain +2 user properties";
        int n = options.messages();
        for (Library library : List.of(Library.SIMPLEMQTT, Library.HIVEMQ)) {
          trials.add(
              new Trial(
                  id,
                  withProperties,
                  library == Library.SIMPLEMQTT ? "simplemqtt publishAsync" : "HiveMQ async",
                  library.ours(),
                  RATE,
                  () -> javaThroughput(library, endpoint, 1, n, true, USER_PROPERTIES)));
        }
      }
      String scenario = "QoS 1 " + transport + " blocking";
      int n = blockingMessages();
      trials.add(
          new Trial(
              id,
              scenario,
              "simplemqtt publish",
              true,
              RATE,
              () -> javaThroughput(Library.SIMPLEMQTT, endpoint, 1, n, false)));
      trials.add(
          new Trial(
              id,
              scenario,
              "simplemqtt publish (inline)",
              true,
              RATE,
              () -> javaThroughput(Library.SIMPLEMQTT_INLINE, endpoint, 1, n, false)));
      trials.add(
          new Trial(
              id,
              scenario,
              "HiveMQ blocking",
              false,
              RATE,
              () -> javaThroughput(Library.HIVEMQ, endpoint, 1, n, false)));
      trials.add(
          new Trial(
              id,
              scenario,
              "Paho blocking",
              false,
              RATE,
              () -> javaThroughput(Library.PAHO, endpoint, 1, n, false)));
    }
    return trials;
  }

  List<Trial> latency() {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.LATENCY.id();
    List<Metric> metrics =
        List.of(
            new Metric("p50", "ms", false),
            new Metric("p99", "ms", false),
            new Metric("max", "ms", false));
    for (boolean tls : new boolean[] {false, true}) {
      Endpoint endpoint = tls ? brokers.ecTls() : brokers.plain();
      for (int qos = 0; qos <= 1; qos++) {
        String scenario = "QoS " + qos + " " + (tls ? "mTLS" : "plain");
        int q = qos;
        // The second simplemqtt row shows what running handlers off the network thread costs.
        for (Library library :
            List.of(Library.SIMPLEMQTT, Library.SIMPLEMQTT_INLINE, Library.HIVEMQ, Library.PAHO)) {
          trials.add(
              new Trial(
                  id,
                  scenario,
                  library.label(),
                  library.ours(),
                  metrics,
                  () -> javaLatency(library, endpoint, q)));
        }
        if (mosquittoTools) {
          trials.add(
              new Trial(
                  id,
                  scenario,
                  "mosquitto_pub/sub",
                  false,
                  metrics,
                  () -> mosquittoLatency(endpoint, q)));
        }
      }
    }
    return trials;
  }

  List<Trial> connect() {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.CONNECT.id();
    List<Metric> metrics = List.of(new Metric("connect", "ms", false));
    for (boolean ec : new boolean[] {true, false}) {
      String scenario = ec ? "mTLS EC P-256" : "mTLS RSA 4096/2048";
      for (Library library : List.of(Library.SIMPLEMQTT, Library.HIVEMQ, Library.PAHO)) {
        trials.add(
            new Trial(
                id,
                scenario,
                library.label(),
                library.ours(),
                metrics,
                () -> connectTime(library, ec ? brokers.ecTls() : brokers.rsaTls())));
      }
    }
    return trials;
  }

  List<Trial> fanIn() {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.FANIN.id();
    List<Metric> metrics =
        List.of(
            new Metric("threads/client", "threads", false),
            new Metric("heap/client", "KiB", false),
            new Metric("connect all", "ms", false),
            new Metric("msgs/s", "msgs/s", true));
    String scenario = options.fanInClients() + " clients QoS 1 plain";
    for (Library library : List.of(Library.SIMPLEMQTT, Library.HIVEMQ, Library.PAHO)) {
      trials.add(
          new Trial(
              id,
              scenario,
              library.label(),
              library.ours(),
              metrics,
              () -> fanIn(library, brokers.plain())));
    }
    return trials;
  }

  List<Trial> pki() {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.PKI.id();
    List<Metric> metrics = List.of(new Metric("create", "ms", false));
    boolean openssl = MosquittoTools.find("openssl") != null;
    for (KeyType keyType : List.of(KeyType.EC, KeyType.RSA)) {
      String scenario = keyType == KeyType.EC ? "EC P-256" : "RSA 4096/2048";
      trials.add(new Trial(id, scenario, "simplemqtt kit", true, metrics, () -> kitPki(keyType)));
      if (openssl) {
        trials.add(
            new Trial(
                id,
                scenario,
                "openssl CLI",
                false,
                metrics,
                () ->
                    OpensslPki.create(
                        scratch.resolve("openssl-" + IDS.incrementAndGet()), keyType)));
      }
    }
    return trials;
  }

  /**
   * Cold starts of the installed {@code launcher}'s {@code pub} over mutual TLS, with the
   * class-data archive its first run makes (in a cache folder of the bench's own) and without, and
   * of mosquitto_pub with the same files. The child runs on this bench's java.
   */
  List<Trial> startup(Path launcher) {
    List<Trial> trials = new ArrayList<>();
    String id = Workload.STARTUP.id();
    List<Metric> metrics = List.of(new Metric("wall", "ms", false), new Metric("CPU", "ms", false));
    String scenario = "mTLS, 1 msg, QoS 0";
    Endpoint endpoint = brokers.ecTls();
    String topic = "bench/startup/" + ProcessHandle.current().pid();
    Path cache = scratch.resolve("startup-cache");
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("XDG_CACHE_HOME", cache.toString());
    environment.put("SIMPLEMQTT_OPTS", "");
    environment.put("SIMPLEMQTT_ARCHIVE", "on");
    Map<String, String> withoutArchive = new LinkedHashMap<>(environment);
    withoutArchive.put("SIMPLEMQTT_ARCHIVE", "off");
    List<String> pub = Startup.simplemqttPub(launcher, endpoint, topic);
    Path errors = scratch.resolve("startup-errors.txt");
    trials.add(
        new Trial(
            id,
            scenario,
            "simplemqtt pub",
            true,
            metrics,
            () -> {
              Startup.awaitArchives(cache);
              return Startup.run(pub, environment, errors);
            }));
    trials.add(
        new Trial(
            id,
            scenario,
            "simplemqtt pub, no archive",
            true,
            metrics,
            () -> Startup.run(pub, withoutArchive, errors)));
    Path mosquittoPub = MosquittoTools.find("mosquitto_pub");
    if (mosquittoPub != null) {
      List<String> tool = Startup.mosquittoPub(mosquittoPub, endpoint, topic);
      trials.add(
          new Trial(
              id,
              scenario,
              "mosquitto_pub",
              false,
              metrics,
              () -> Startup.run(tool, Map.of(), errors)));
    }
    return trials;
  }

  // ---- the runs ----

  private static String clientId(String role) {
    return "bench-" + role + "-" + IDS.incrementAndGet();
  }

  private static String topic() {
    return "bench/" + ProcessHandle.current().pid() + "/" + IDS.incrementAndGet();
  }

  private Outcome javaThroughput(Library library, Endpoint endpoint, int qos, int n, boolean async)
      throws Exception {
    return javaThroughput(library, endpoint, qos, n, async, new String[0]);
  }

  /** With {@code userProperties} (name, value pairs), each message carries them (MQTT 5 only). */
  private Outcome javaThroughput(
      Library library, Endpoint endpoint, int qos, int n, boolean async, String[] userProperties)
      throws Exception {
    String topic = topic();
    byte[][] payloads = new byte[n][];
    for (int i = 0; i < n; i++) {
      payloads[i] = Payloads.make(i, 0, options.size());
    }
    Receiver receiver = new Receiver(n);
    try (BenchClient subscriber = library.create();
        BenchClient publisher = library.create(qos)) {
      subscriber.connect(endpoint, clientId("sub"));
      subscriber.subscribe(topic, qos, receiver::accept);
      publisher.connect(endpoint, clientId("pub"));
      CpuTime.Reading start = brokers.cpu().read();
      if (async) {
        for (byte[] payload : payloads) {
          if (userProperties.length == 0) {
            publisher.publishAsync(topic, payload, qos);
          } else {
            publisher.publishAsync(topic, payload, qos, userProperties);
          }
        }
        publisher.flush();
      } else {
        for (byte[] payload : payloads) {
          publisher.publish(topic, payload, qos);
        }
      }
      receiver.awaitAll(IDLE);
      return rate(receiver, n, start, brokers.cpu().read());
    }
  }

  private Outcome mosquittoThroughput(Endpoint endpoint, int qos, int n) throws Exception {
    String topic = topic();
    Path lines = scratch.resolve("lines-" + IDS.incrementAndGet());
    try (BufferedWriter out = Files.newBufferedWriter(lines, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < n; i++) {
        out.write(new String(Payloads.make(i, 0, options.size()), StandardCharsets.US_ASCII));
        out.write('\n');
      }
    }
    Receiver receiver = new Receiver(n);
    try (MosquittoTools.Subscriber subscriber =
        new MosquittoTools.Subscriber(endpoint, topic, qos, clientId("sub"), receiver)) {
      awaitSubscribed(endpoint, topic, receiver, subscriber);
      CpuTime.Reading start = brokers.cpu().read(subscriber.process());
      MosquittoTools.publishLines(endpoint, topic, qos, clientId("pub"), lines);
      receiver.awaitAll(IDLE);
      return rate(receiver, n, start, brokers.cpu().read(subscriber.process()));
    } finally {
      Files.deleteIfExists(lines);
    }
  }

  /** mosquitto_sub says nothing when it has subscribed; probe until a message comes through. */
  private static void awaitSubscribed(
      Endpoint endpoint, String topic, Receiver receiver, MosquittoTools.Subscriber subscriber)
      throws Exception {
    try (BenchClient probe = Library.HIVEMQ.create()) {
      probe.connect(endpoint, clientId("probe"));
      for (int i = 0; i < 200 && subscriber.alive(); i++) {
        probe.publish(topic, "probe".getBytes(StandardCharsets.US_ASCII), 0);
        if (receiver.awaitProbe(Duration.ofMillis(50))) {
          return;
        }
      }
    }
    throw new IllegalStateException(
        "mosquitto_sub did not subscribe within 10 s" + (subscriber.alive() ? "" : " (it exited)"));
  }

  /**
   * Delivered messages per second at the subscriber, from the first to the last message, and the
   * CPU time each side spent per message sent between {@code start} and {@code end}.
   */
  private static Outcome rate(
      Receiver receiver, int sent, CpuTime.Reading start, CpuTime.Reading end) {
    double[] cpu = end.perMessage(start, sent);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("msgs/s", deliveredRate(receiver));
    values.put("client CPU", cpu[0]);
    values.put("broker CPU", cpu[1]);
    return new Outcome(values, sent, receiver.received(), receiver.duplicates());
  }

  private static double deliveredRate(Receiver receiver) {
    int received = receiver.received();
    double seconds = (receiver.lastNanos() - receiver.firstNanos()) / 1e9;
    return received < 2 || seconds <= 0 ? 0 : (received - 1) / seconds;
  }

  private Outcome javaLatency(Library library, Endpoint endpoint, int qos) throws Exception {
    String topic = topic();
    int n = options.latencyMessages();
    Receiver receiver = new Receiver(n);
    try (BenchClient subscriber = library.create();
        BenchClient publisher = library.create()) {
      subscriber.connect(endpoint, clientId("sub"));
      subscriber.subscribe(topic, qos, receiver::accept);
      publisher.connect(endpoint, clientId("pub"));
      long interval = 1_000_000_000L / options.latencyRate();
      long next = System.nanoTime();
      for (int i = 0; i < n; i++) {
        pace(next);
        publisher.publishAsync(topic, Payloads.make(i, System.nanoTime(), options.size()), qos);
        next += interval;
      }
      publisher.flush();
      receiver.awaitAll(IDLE);
    }
    return latencies(receiver, n);
  }

  private Outcome mosquittoLatency(Endpoint endpoint, int qos) throws Exception {
    String topic = topic();
    int n = options.latencyMessages();
    Receiver receiver = new Receiver(n);
    try (MosquittoTools.Subscriber subscriber =
        new MosquittoTools.Subscriber(endpoint, topic, qos, clientId("sub"), receiver)) {
      awaitSubscribed(endpoint, topic, receiver, subscriber);
      Process publisher = MosquittoTools.startLinePublisher(endpoint, topic, qos, clientId("pub"));
      // Let it connect before the clock starts, as the Java publishers are connected first.
      Thread.sleep(300);
      long interval = 1_000_000_000L / options.latencyRate();
      long next = System.nanoTime();
      try (OutputStream in = publisher.getOutputStream()) {
        for (int i = 0; i < n; i++) {
          pace(next);
          MosquittoTools.writeLine(in, Payloads.make(i, System.nanoTime(), options.size()));
          next += interval;
        }
      }
      MosquittoTools.waitFor(publisher, Duration.ofMinutes(1));
      receiver.awaitAll(IDLE);
    }
    return latencies(receiver, n);
  }

  private static void pace(long until) {
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static Outcome latencies(Receiver receiver, int sent) {
    long[] sorted = receiver.sortedLatencies();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("p50", percentile(sorted, 0.50) / 1e6);
    values.put("p99", percentile(sorted, 0.99) / 1e6);
    values.put("max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
    return new Outcome(values, sent, receiver.received(), receiver.duplicates());
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private Outcome connectTime(Library library, Endpoint endpoint) throws Exception {
    long[] times = new long[options.connects()];
    for (int i = 0; i < times.length; i++) {
      try (BenchClient client = library.create()) {
        client.prepare(endpoint, clientId("connect"));
        long start = System.nanoTime();
        client.connect();
        times[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(times);
    return Outcome.of("connect", percentile(times, 0.5) / 1e6);
  }

  private Outcome fanIn(Library library, Endpoint endpoint) throws Exception {
    int clients = options.fanInClients();
    int each = options.fanInMessages();
    int n = clients * each;
    String topic = topic();
    Receiver receiver = new Receiver(n);
    List<BenchClient> publishers = new ArrayList<>();
    Map<String, Double> values = new LinkedHashMap<>();
    quiesce();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long heapBefore = usedHeap();
    try (BenchClient subscriber = library.create()) {
      subscriber.connect(endpoint, clientId("sub"));
      subscriber.subscribe(topic, 1, receiver::accept);
      try {
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
          BenchClient client = library.create();
          publishers.add(client);
          client.connect(endpoint, clientId("fan"));
        }
        double connectAll = (System.nanoTime() - start) / 1e6;
        quiesce();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        long heap = usedHeap() - heapBefore;
        values.put("threads/client", threads / (double) (clients + 1));
        values.put("heap/client", heap / 1024.0 / (clients + 1));
        values.put("connect all", connectAll);
        int sequence = 0;
        for (int m = 0; m < each; m++) {
          for (BenchClient client : publishers) {
            client.publishAsync(topic, Payloads.make(sequence++, 0, options.size()), 1);
          }
        }
        for (BenchClient client : publishers) {
          client.flush();
        }
        receiver.awaitAll(IDLE);
      } finally {
        for (BenchClient client : publishers) {
          client.close();
        }
      }
    }
    values.put("msgs/s", deliveredRate(receiver));
    return new Outcome(values, n, receiver.received(), receiver.duplicates());
  }

  /** Lets the collector settle before heap is read. */
  static void quiesce() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private Outcome kitPki(KeyType keyType) throws Exception {
    Path dir = scratch.resolve("pki-" + IDS.incrementAndGet());
    try {
      long start = System.nanoTime();
      Pki.create(
          dir,
          PkiOptions.builder().keyType(keyType).serverHosts(List.of(BenchBrokers.HOST)).build());
      return Outcome.of("create", (System.nanoTime() - start) / 1e6);
    } finally {
      Folders.deleteRecursively(dir);
    }
  }
}
