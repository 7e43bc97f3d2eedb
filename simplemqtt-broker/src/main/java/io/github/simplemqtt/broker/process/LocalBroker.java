package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.config.MosquittoConfFile;
import io.github.simplemqtt.broker.config.MosquittoConfFile.Listener;
import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the local {@code mosquitto} of one broker directory: start, stop, kill, restart, reload,
 * status and the log tail.
 *
 * <p><b>Layout.</b> The broker directory holds {@code config/mosquitto.conf}, {@code data/} and
 * {@code log/} (and {@code certs/}, {@code config/.passwords}, {@code config/acl}). mosquitto
 * always runs with the broker directory as its working directory and is started as {@code mosquitto
 * -c config/mosquitto.conf}, in the foreground (no {@code -d}), so the relative paths in the config
 * work here as they do in the Docker container that mounts the directory at {@code /mosquitto}. Its
 * standard output and error go to {@code log/mosquitto.out} (truncated at each start; configuration
 * errors appear there before the log file is opened) and its standard input is {@code /dev/null}.
 * The listener ports are read from the config's {@code listener} (and {@code port}) lines; with
 * none, mosquitto 2.0 listens on 1883 on the loopback interface.
 *
 * <p><b>Pid file.</b> {@code <dir>/simplemqtt.pid}, written atomically right after the launch,
 * holds the pid, the process start time the operating system reports, and the ports. It lives in
 * the broker directory itself rather than in {@code data/}, which belongs to the broker user when
 * running as root (see below), so the broker cannot rewrite it; and its name does not clash with
 * mosquitto's own {@code pid_file} option. The process outlives the JVM that started it, so a later
 * JVM (the next {@code simplemqtt broker stop}) finds it through this file.
 *
 * <p><b>Only our own process is ever signalled.</b> Before any signal the pid file's pid must
 * belong to a live process whose start time equals the recorded one and whose command line mentions
 * mosquitto. Otherwise the file is stale (the broker crashed or was killed, and the pid may since
 * have been reused): it is reported, removed, and nothing is signalled.
 *
 * <p><b>Running as root.</b> mosquitto 2.0 started as root switches to its {@code user} (default
 * {@code mosquitto}) before it reads TLS keys, the password file and the ACL, and before it writes
 * its log and persistence files. When this JVM runs as root and that user exists, {@link #start()}
 * and {@link #reload()} therefore give that user, keeping every file's mode: {@code data/} and
 * {@code log/} with their contents, {@code config/.passwords}, {@code config/acl}, {@code
 * certs/server.key}, {@code certs/crl.pem}, and the password, ACL, key and CRL files the config
 * names inside the directory. CA keys ({@code ca/}) stay with root: the broker never needs them.
 * Nothing is made world-readable. The kit rewrites files with {@code AtomicFiles}, which keeps the
 * owner of a file it replaces, so a rewritten password file stays readable by the broker. {@link
 * #start()} also checks that the user can enter the broker directory, each directory above it and
 * its {@code config/} and {@code certs/}, and fails with the {@code chmod} to run otherwise. When
 * not root, nothing of this applies: mosquitto runs as the current user.
 *
 * <p><b>Threads and processes.</b> Methods of one instance are synchronized. Two JVMs managing the
 * same directory at the same moment are not coordinated.
 *
 * <pre>{@code
 * LocalBroker broker = LocalBroker.of(Path.of("mosquitto"));
 * RunningBroker running = broker.start();   // returns once every listener accepts connections
 * ...
 * broker.stop();
 * }</pre>
 */
public final class LocalBroker {
  /** How long {@link #start()} waits for the listeners by default. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  /** How long {@link #stop()} waits after each signal by default. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);
  private static final String CONFIG = "config/mosquitto.conf";
  private static final String DEFAULT_LOG = "log/mosquitto.log";
  private static final String OUTPUT = "log/mosquitto.out";
  private static final String PID_FILE = "simplemqtt.pid";
  private static final String RELOAD_LINE = "Reloading config.";
  private static final int QUOTED_LINES = 5;
  private static final int CONNECT_TIMEOUT_MILLIS = 250;

  private static final Pattern OPENING_PORT = Pattern.compile("listen socket on port (\\d+)");

  private final Path directory;
  private final Optional<Path> executable;
  private final Duration startTimeout;
  private final Duration stopTimeout;

  private LocalBroker(Builder builder) {
    this.directory = builder.directory;
    this.executable = Optional.ofNullable(builder.executable);
    this.startTimeout = builder.startTimeout;
    this.stopTimeout = builder.stopTimeout;
  }

  /** A manager for the broker directory {@code brokerDir} with the default settings. */
  public static LocalBroker of(Path brokerDir) {
    return builder(brokerDir).build();
  }

  /** A builder for a manager of the broker directory {@code brokerDir}. */
  public static Builder builder(Path brokerDir) {
    return new Builder(brokerDir);
  }

  /** The broker directory (absolute), mosquitto's working directory. */
  public Path directory() {
    return directory;
  }

  /** {@code <dir>/config/mosquitto.conf}. */
  public Path configFile() {
    return directory.resolve(CONFIG);
  }

  /** {@code <dir>/simplemqtt.pid}, present while a broker started by this kit runs. */
  public Path pidFile() {
    return directory.resolve(PID_FILE);
  }

  /**
   * {@code <dir>/log/mosquitto.out}: mosquitto's standard output and error since the last start.
   * Errors that stop mosquitto at start appear here at once; anything else it prints to standard
   * output (as with {@code log_dest stdout}) arrives in blocks, complete only once it exits.
   */
  public Path outputFile() {
    return directory.resolve(OUTPUT);
  }

  /**
   * mosquitto's log file: the config's first {@code log_dest file} path, resolved against the
   * broker directory, else {@code <dir>/log/mosquitto.log}.
   */
  public Path logFile() {
    try {
      return logFile(MosquittoConfFile.read(configFile(), directory));
    } catch (IOException | IllegalArgumentException e) {
      return directory.resolve(DEFAULT_LOG);
    }
  }

  /**
   * Starts mosquitto in the background and returns once every listener port accepts a TCP
   * connection. The process keeps running after this JVM exits.
   *
   * @return the pid, the ports and the start time
   * @throws BrokerProcessException when mosquitto is not installed ({@link Reason#NOT_INSTALLED},
   *     with how to install it), a port is taken ({@link Reason#PORT_IN_USE}; pick another port and
   *     retry), mosquitto rejects the config or exits ({@link Reason#CONFIG_REJECTED}, {@link
   *     Reason#EXITED_DURING_START}, quoting its error lines), the listeners do not answer within
   *     the start timeout ({@link Reason#START_TIMEOUT}; the process is killed), a broker started
   *     for this directory already runs ({@link Reason#ALREADY_RUNNING}), or, as root, the broker
   *     user cannot enter the directory ({@link Reason#DIRECTORY_NOT_ACCESSIBLE})
   */
  public synchronized RunningBroker start() {
    Path exe = Mosquitto.locate(executable, directory).toAbsolutePath();
    MosquittoConfFile conf = readConfig();
    Lookup existing = lookup();
    if (existing.state() == BrokerStatus.State.RUNNING) {
      throw new BrokerProcessException(
          Reason.ALREADY_RUNNING,
          "mosquitto already runs for "
              + directory
              + " (pid "
              + existing.pid()
              + "): stop it first, or use restart() to apply a changed configuration.");
    }
    createWritableDirectories();
    Optional<BrokerUser> brokerUser = BrokerUser.ifRunningAsRoot(conf);
    if (brokerUser.isPresent()) {
      brokerUser.get().checkCanEnter(directory);
      brokerUser.get().handOver(directory, conf);
    }
    for (Listener listener : conf.listeners()) {
      if (answers(listener)) {
        throw new BrokerProcessException(
            listener.port(),
            "Port "
                + listener.port()
                + " is already in use: something on "
                + ListenerProbe.address(listener).getHostAddress()
                + " accepts connections there before mosquitto was started; stop that program or"
                + " change the listener port in "
                + configFile()
                + ".");
      }
    }
    Path log = logFile(conf);
    long logOffset = LogFiles.size(log);
    Process process = launch(exe);
    Optional<Instant> startedAt = process.toHandle().info().startInstant();
    try {
      writePidFile(new PidFile(process.pid(), startedAt, conf.ports()));
      awaitListeners(process, conf, log, logOffset);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      ProcessProbe.awaitExit(process.toHandle(), stopTimeout);
      deletePidFile();
      throw e;
    }
    LOG.info("mosquitto started for {} (pid {}, ports {})", directory, process.pid(), conf.ports());
    return new RunningBroker(process.pid(), conf.ports(), startedAt.orElseGet(Instant::now));
  }

  /**
   * Stops the broker: SIGTERM, up to the stop timeout for it to exit, then SIGKILL; then removes
   * the pid file. Does nothing when no broker started by this kit runs (a stale pid file is removed
   * and nothing is signalled).
   *
   * @return whether a running broker was stopped
   * @throws BrokerProcessException ({@link Reason#SIGNAL_FAILED}) when the process cannot be
   *     signalled or does not exit even after SIGKILL
   */
  public synchronized boolean stop() {
    Lookup found = lookup();
    if (found.state() != BrokerStatus.State.RUNNING) {
      LOG.info("mosquitto is not running for {}; nothing to stop", directory);
      return false;
    }
    ProcessHandle process = found.process().orElseThrow();
    signal(process, false);
    if (!ProcessProbe.awaitExit(process, stopTimeout)) {
      LOG.warn(
          "mosquitto (pid {}) did not exit within {} of SIGTERM; sending SIGKILL",
          process.pid(),
          describe(stopTimeout));
      signal(process, true);
      awaitKilled(process);
    }
    deletePidFile();
    LOG.info("mosquitto stopped for {} (pid {})", directory, process.pid());
    return true;
  }

  /**
   * Kills the broker at once with SIGKILL, as a crash would, and waits for it to exit. The pid file
   * is left behind like after a crash; {@link #status()} then reports it as stale and {@link
   * #start()} replaces it.
   *
   * @return whether a running broker was killed
   * @throws BrokerProcessException ({@link Reason#SIGNAL_FAILED}) when it cannot be killed
   */
  public synchronized boolean kill() {
    Lookup found = lookup();
    if (found.state() != BrokerStatus.State.RUNNING) {
      return false;
    }
    ProcessHandle process = found.process().orElseThrow();
    signal(process, true);
    awaitKilled(process);
    LOG.info("mosquitto killed for {} (pid {})", directory, process.pid());
    return true;
  }

  /** {@link #stop()} then {@link #start()}: the same directory, config and so the same ports. */
  public synchronized RunningBroker restart() {
    stop();
    return start();
  }

  /**
   * Makes the running broker re-read its configuration, password file, ACL and CRL (SIGHUP, sent
   * with {@code kill -HUP} since Java cannot send it). As root, files the broker reads are first
   * handed to the broker user as in {@link #start()}, so a password file created since is readable.
   *
   * <p>mosquitto 2.0 logs "Reloading config." at information level when it handles the signal, and
   * re-reads everything before it serves the next client. When the config logs that level to a
   * file, this waits (up to the stop timeout) for that line.
   *
   * @return {@code true} when the log confirmed the reload; {@code false} when the signal was
   *     delivered but the log cannot confirm it (no {@code log_dest file}, information level off)
   *     or did not within the timeout
   * @throws BrokerProcessException ({@link Reason#NOT_RUNNING}) when no broker started by this kit
   *     runs, or ({@link Reason#SIGNAL_FAILED}) when the signal cannot be sent
   */
  public synchronized boolean reload() {
    MosquittoConfFile conf = readConfig();
    Lookup found = lookup();
    if (found.state() != BrokerStatus.State.RUNNING) {
      throw new BrokerProcessException(
          Reason.NOT_RUNNING,
          "mosquitto is not running for "
              + directory
              + ", so there is nothing to reload: start it.");
    }
    ProcessHandle process = found.process().orElseThrow();
    BrokerUser.ifRunningAsRoot(conf).ifPresent(user -> user.handOver(directory, conf));
    Path log = logFile(conf);
    long offset = LogFiles.size(log);
    sendHangup(process.pid());
    if (!logsReloadToFile(conf)) {
      return false;
    }
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    long pause = ProcessProbe.firstPause();
    while (true) {
      if (readQuietly(log, offset).stream().anyMatch(line -> line.contains(RELOAD_LINE))) {
        return true;
      }
      if (!ProcessProbe.isRunning(process)) {
        throw new BrokerProcessException(
            Reason.NOT_RUNNING,
            "mosquitto (pid "
                + process.pid()
                + ") exited after SIGHUP instead of reloading: see "
                + log
                + " and start it again"
                + quote(readQuietly(log, offset))
                + ".");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warn(
            "SIGHUP delivered to mosquitto (pid {}), but {} did not confirm the reload within {}",
            process.pid(),
            log,
            describe(stopTimeout));
        return false;
      }
      ProcessProbe.waitFor(process.onExit(), Math.min(pause, left));
      pause = ProcessProbe.nextPause(pause);
    }
  }

  /**
   * As root, gives the broker user the files mosquitto reads and writes after dropping privileges,
   * exactly as {@link #start()} does, so that a mosquitto started by another manager (the systemd
   * unit) can read them too. Does nothing when not root.
   */
  public synchronized void handOverToBrokerUser() {
    MosquittoConfFile conf = readConfig();
    BrokerUser.ifRunningAsRoot(conf).ifPresent(user -> user.handOver(directory, conf));
  }

  /**
   * Whether a broker started by this kit runs. A stale pid file (its process exited, or the pid now
   * belongs to another process) is reported as {@link BrokerStatus.State#STALE} and removed;
   * nothing is signalled.
   */
  public synchronized BrokerStatus status() {
    Lookup found = lookup();
    OptionalLong pid =
        found.recorded().map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    switch (found.state()) {
      case RUNNING -> {
        PidFile recorded = found.recorded().orElseThrow();
        Optional<Instant> startedAt =
            recorded.startedAt().or(() -> found.process().flatMap(p -> p.info().startInstant()));
        String uptime =
            startedAt.map(s -> ", up " + describe(Duration.between(s, Instant.now()))).orElse("");
        return new BrokerStatus(
            BrokerStatus.State.RUNNING,
            pid,
            startedAt,
            recorded.ports(),
            "mosquitto is running (pid "
                + recorded.pid()
                + uptime
                + (recorded.ports().isEmpty() ? "" : ", ports " + joinPorts(recorded.ports()))
                + ").");
      }
      case STALE -> {
        return new BrokerStatus(
            BrokerStatus.State.STALE,
            pid,
            Optional.empty(),
            List.of(),
            "mosquitto is not running: removed the stale pid file "
                + pidFile()
                + " because "
                + found.staleReason()
                + ".");
      }
      default -> {
        return new BrokerStatus(
            BrokerStatus.State.STOPPED,
            OptionalLong.empty(),
            Optional.empty(),
            List.of(),
            "mosquitto is not running (there is no pid file " + pidFile() + ").");
      }
    }
  }

  /**
   * The last {@code lines} lines of {@link #logFile()}; an empty list when there is no log yet.
   *
   * @param lines zero or more
   */
  public List<String> logTail(int lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("lines must be zero or more, not " + lines);
    }
    Path log = logFile();
    try {
      return LogFiles.tail(log, lines);
    } catch (IOException e) {
      throw new BrokerProcessException(
          Reason.FILE_ERROR, "Could not read " + log + ": " + e.getMessage() + ".", e);
    }
  }

  @Override
  public String toString() {
    return "LocalBroker[" + directory + "]";
  }

  // --- start ---------------------------------------------------------------------------------

  private MosquittoConfFile readConfig() {
    Path config = configFile();
    try {
      MosquittoConfFile conf = MosquittoConfFile.read(config, directory);
      conf.listeners(); // a listener line without a port is refused here, with the line
      return conf;
    } catch (NoSuchFileException e) {
      throw new BrokerProcessException(
          Reason.CONFIG_MISSING,
          "There is no "
              + config
              + ": create the broker directory first (simplemqtt init writes it).",
          e);
    } catch (IOException e) {
      throw new BrokerProcessException(
          Reason.CONFIG_MISSING, "Could not read " + config + ": " + e.getMessage() + ".", e);
    } catch (IllegalArgumentException e) {
      throw new BrokerProcessException(
          Reason.CONFIG_REJECTED, config + ": " + e.getMessage() + ".", e);
    }
  }

  /** Whether mosquitto writes its "Reloading config." line (information level) to its log file. */
  static boolean logsReloadToFile(MosquittoConfFile conf) {
    Set<String> types = conf.logTypes();
    return conf.logFile().isPresent()
        && (types.isEmpty() || types.contains("information") || types.contains("all"));
  }

  private Path logFile(MosquittoConfFile conf) {
    return directory.resolve(conf.logFile().orElse(DEFAULT_LOG));
  }

  private void createWritableDirectories() {
    try {
      createDirectory(directory.resolve("data"), "rwxr-x---");
      createDirectory(directory.resolve("log"), "rwxr-xr-x");
    } catch (IOException e) {
      throw new BrokerProcessException(
          Reason.FILE_ERROR,
          "Could not create data/ and log/ in " + directory + ": " + e.getMessage() + ".",
          e);
    }
  }

  private static void createDirectory(Path dir, String mode) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: its defaults apply.
      }
    }
  }

  private Process launch(Path exe) {
    ProcessBuilder builder =
        new ProcessBuilder(exe.toString(), "-c", CONFIG)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outputFile().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new BrokerProcessException(
          Reason.NOT_INSTALLED,
          "Could not run "
              + exe
              + " ("
              + e.getMessage()
              + "): check that it is an installed mosquitto, or "
              + Mosquitto.installHint()
              + ".",
          e);
    }
  }

  private void awaitListeners(Process process, MosquittoConfFile conf, Path log, long logOffset) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    long pause = ProcessProbe.firstPause();
    long connectAfter = System.nanoTime() + ListeningPorts.PROC_ONLY.toNanos();
    List<Listener> waiting = new ArrayList<>(conf.listeners());
    while (true) {
      if (!process.isAlive()) {
        throw startFailure(process, conf, log, logOffset);
      }
      ListeningPorts.removeListening(
          process.pid(), waiting, Listener::port, connectAfter, LocalBroker::answers);
      if (waiting.isEmpty() && process.isAlive()) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        List<String> lines = new ArrayList<>(readQuietly(outputFile(), 0));
        lines.addAll(readQuietly(log, logOffset));
        throw new BrokerProcessException(
            Reason.START_TIMEOUT,
            "mosquitto (pid "
                + process.pid()
                + ") did not accept connections on "
                + waiting.stream().map(Listener::toString).collect(Collectors.joining(", "))
                + " within "
                + describe(startTimeout)
                + ", so it was killed: check the listener lines in "
                + configFile()
                + " or allow more time with startTimeout"
                + quote(lines)
                + ".");
      }
      ProcessProbe.waitFor(process.onExit(), Math.min(pause, left));
      pause = ProcessProbe.nextPause(pause);
    }
  }

  private BrokerProcessException startFailure(
      Process process, MosquittoConfFile conf, Path log, long logOffset) {
    int exitCode = process.exitValue();
    List<String> lines = new ArrayList<>(readQuietly(outputFile(), 0));
    lines.addAll(readQuietly(log, logOffset));
    String where =
        " (all of it in " + outputFile() + (Files.exists(log) ? " and " + log : "") + ")";
    int inUse = portInUse(lines);
    if (inUse >= 0) {
      int port = inUse > 0 ? inUse : guessTakenPort(conf);
      return new BrokerProcessException(
          port,
          (port > 0 ? "Port " + port + " is" : "A listener port is")
              + " already in use by another process, so mosquitto exited: stop that process or"
              + " change the listener port in "
              + configFile()
              + ", then start again"
              + quote(lines)
              + where
              + ".");
    }
    boolean configError =
        exitCode == 3 || lines.stream().anyMatch(line -> line.contains("Error found at"));
    if (configError) {
      return new BrokerProcessException(
          Reason.CONFIG_REJECTED,
          "mosquitto rejected "
              + configFile()
              + " (exit code "
              + exitCode
              + "): fix the line it names and start again"
              + quote(lines)
              + where
              + ".");
    }
    return new BrokerProcessException(
        Reason.EXITED_DURING_START,
        "mosquitto exited with code "
            + exitCode
            + " while starting: fix what it reports and start again"
            + quote(lines)
            + where
            + ".");
  }

  /**
   * The port mosquitto could not bind, from its "Opening ... listen socket on port N." line just
   * before "Address already in use": -1 when it did not report that error, 0 when the port is not
   * named.
   */
  static int portInUse(List<String> lines) {
    int lastOpened = 0;
    for (String line : lines) {
      Matcher opening = OPENING_PORT.matcher(line);
      if (opening.find()) {
        lastOpened = Integer.parseInt(opening.group(1));
      }
      if (line.contains("Address already in use")) {
        return lastOpened;
      }
    }
    return -1;
  }

  /** After mosquitto exited: a listener port that still accepts connections is held by another. */
  private static int guessTakenPort(MosquittoConfFile conf) {
    return conf.listeners().stream()
        .filter(LocalBroker::answers)
        .mapToInt(Listener::port)
        .findFirst()
        .orElse(0);
  }

  private static boolean answers(Listener listener) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(ListenerProbe.address(listener), listener.port()),
          CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // --- pid file and signals ------------------------------------------------------------------

  /**
   * What the pid file says and whether its process is ours. A stale pid file is removed here, so
   * every caller reports it and none signals it.
   */
  private Lookup lookup() {
    Path file = pidFile();
    PidFile recorded;
    try {
      Optional<PidFile> read = PidFile.read(file);
      if (read.isEmpty()) {
        return new Lookup(BrokerStatus.State.STOPPED, Optional.empty(), Optional.empty(), "");
      }
      recorded = read.get();
    } catch (IOException | IllegalArgumentException e) {
      String why = "it cannot be read (" + e.getMessage() + ")";
      LOG.warn("Removing the stale pid file {}: {}", file, why);
      deletePidFile();
      return new Lookup(BrokerStatus.State.STALE, Optional.empty(), Optional.empty(), why);
    }
    Optional<ProcessHandle> process = ProcessHandle.of(recorded.pid());
    Optional<String> notOurs = ProcessProbe.whyNotOurs(recorded, process);
    if (notOurs.isPresent()) {
      String why = "it names pid " + recorded.pid() + " and " + notOurs.get();
      LOG.warn("Removing the stale pid file {}: {}; nothing was signalled", file, why);
      deletePidFile();
      return new Lookup(BrokerStatus.State.STALE, Optional.of(recorded), Optional.empty(), why);
    }
    return new Lookup(BrokerStatus.State.RUNNING, Optional.of(recorded), process, "");
  }

  private record Lookup(
      BrokerStatus.State state,
      Optional<PidFile> recorded,
      Optional<ProcessHandle> process,
      String staleReason) {
    long pid() {
      return recorded.map(PidFile::pid).orElse(0L);
    }
  }

  private void writePidFile(PidFile pid) {
    try {
      pid.write(pidFile());
    } catch (UncheckedIOException e) {
      throw new BrokerProcessException(
          Reason.FILE_ERROR,
          e.getMessage()
              + "; mosquitto was stopped again, check that "
              + directory
              + " is writable.",
          e);
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", pidFile(), e.getMessage());
    }
  }

  private void signal(ProcessHandle process, boolean kill) {
    boolean requested = kill ? process.destroyForcibly() : process.destroy();
    if (!requested && ProcessProbe.isRunning(process)) {
      throw new BrokerProcessException(
          Reason.SIGNAL_FAILED,
          "Could not send "
              + (kill ? "SIGKILL" : "SIGTERM")
              + " to mosquitto (pid "
              + process.pid()
              + "): run this as the user who started it, or as root.");
    }
  }

  private void awaitKilled(ProcessHandle process) {
    if (!ProcessProbe.awaitExit(process, stopTimeout)) {
      throw new BrokerProcessException(
          Reason.SIGNAL_FAILED,
          "mosquitto (pid "
              + process.pid()
              + ") is still running "
              + describe(stopTimeout)
              + " after SIGKILL: check it with 'ps -o pid,stat,args -p "
              + process.pid()
              + "' (a process stuck in the kernel exits only when its I/O completes).");
    }
  }

  private static void sendHangup(long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-HUP", Long.toString(pid))
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      // kill prints at most a line, well within a pipe's buffer, so waiting before reading is safe.
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new BrokerProcessException(
            Reason.SIGNAL_FAILED, "'kill -HUP " + pid + "' did not finish within 5 s.");
      }
      if (kill.exitValue() != 0) {
        String output =
            new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        throw new BrokerProcessException(
            Reason.SIGNAL_FAILED,
            "'kill -HUP "
                + pid
                + "' failed ("
                + output
                + "): run this as the user who started"
                + " mosquitto, or as root.");
      }
    } catch (IOException e) {
      throw new BrokerProcessException(
          Reason.SIGNAL_FAILED,
          "Could not run 'kill -HUP " + pid + "' (" + e.getMessage() + "): install procps (kill).",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerProcessException(
          Reason.INTERRUPTED,
          "Interrupted while sending SIGHUP to mosquitto (pid " + pid + ").",
          e);
    }
  }

  // --- text ----------------------------------------------------------------------------------

  private static List<String> readQuietly(Path file, long offset) {
    try {
      return LogFiles.readSince(file, offset);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** " (mosquitto said: line | line)" with its last error lines, or "" when it said nothing. */
  private static String quote(List<String> lines) {
    List<String> errors = LogFiles.errorLines(lines, QUOTED_LINES);
    return errors.isEmpty() ? "" : " (mosquitto said: " + String.join(" | ", errors) + ")";
  }

  private static String joinPorts(List<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  static String describe(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 1) {
      return duration.toMillis() + " ms";
    }
    if (seconds < 60) {
      long tenths = duration.toMillis() % 1000 / 100;
      return seconds + (tenths == 0 ? "" : "." + tenths) + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /** Settings for a {@link LocalBroker}; every setter validates at once. */
  public static final class Builder {
    private final Path directory;
    private @Nullable Path executable;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    private Builder(Path brokerDir) {
      this.directory = Objects.requireNonNull(brokerDir, "brokerDir").toAbsolutePath().normalize();
    }

    /**
     * The mosquitto executable to run instead of looking on the {@code PATH} and in the usual
     * places ({@link Mosquitto#find()}).
     */
    public Builder mosquittoExecutable(Path executable) {
      this.executable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * How long {@link #start()} waits for every listener to accept connections; default 10 s, more
     * than 0 and at most 10 min.
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = checkTimeout(timeout, "startTimeout");
      return this;
    }

    /**
     * How long {@link #stop()} waits for the exit after SIGTERM and again after SIGKILL, and {@link
     * #reload()} for the reload to show in the log; default 5 s, more than 0 and at most 10 min.
     */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = checkTimeout(timeout, "stopTimeout");
      return this;
    }

    /** The manager with these settings. */
    public LocalBroker build() {
      return new LocalBroker(this);
    }

    private static Duration checkTimeout(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            name + " must be more than 0 and at most 10 min, not " + timeout);
      }
      return timeout;
    }
  }
}
