package io.github.simplemqtt.cli.doctor;

import static java.util.stream.Collectors.joining;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerDirectoryException;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclParseException;
import io.github.simplemqtt.broker.config.MosquittoConfFile;
import io.github.simplemqtt.broker.passwd.PasswordFile;
import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code doctor --dir DIR}: checks a broker directory without a client. Every check runs (they do
 * not depend on each other); the result fails when one of them failed.
 */
final class BrokerDirectoryChecks {
  /** The options of mosquitto.conf that name files the broker reads. */
  private static final List<String> FILE_OPTIONS =
      List.of("cafile", "certfile", "keyfile", "crlfile", "password_file", "acl_file");

  private static final int CONNECT_TIMEOUT_MILLIS = 2000;

  private final Clock clock;

  BrokerDirectoryChecks(Clock clock) {
    this.clock = clock;
  }

  List<Finding> run(Path dir) {
    List<Finding> findings = new ArrayList<>();
    BrokerDirectory directory;
    try {
      // An older directory gets its CA keys moved out of certs/; say so among the findings.
      directory =
          BrokerDirectory.open(
              dir, notice -> findings.add(Finding.passed(Step.CERTIFICATES, notice)));
    } catch (BrokerDirectoryException e) {
      findings.add(
          Finding.failed(
              Step.CONFIG,
              "not a broker directory: " + dir,
              Sentences.sentence(e.what()),
              e.fix().map(Sentences::sentence).orElse("Check the path given to --dir.")));
      return findings;
    } catch (UncheckedIOException e) {
      findings.add(
          Finding.failed(
              Step.CONFIG,
              "not a broker directory: " + dir,
              Sentences.sentence(
                  Objects.requireNonNullElse(e.getMessage(), dir + " cannot be read")),
              "Check the path given to --dir."));
      return findings;
    }
    MosquittoConfFile conf = config(directory, findings);
    if (conf != null) {
      configFiles(directory, conf, findings);
      mosquittoAccepts(directory, findings);
    }
    secretModes(directory, findings);
    certificates(directory, findings);
    passwords(directory, findings);
    acl(directory, conf, findings);
    process(directory, findings);
    droppedMessages(directory, conf, findings);
    BridgeChecks.run(directory, clock, findings);
    return findings;
  }

  // ---------------------------------------------------------------- config

  private static @Nullable MosquittoConfFile config(BrokerDirectory directory, List<Finding> out) {
    Path file = directory.configFile();
    MosquittoConfFile conf;
    try {
      conf = directory.mosquittoConf();
    } catch (UncheckedIOException e) {
      // The IOException it wraps (always one) names the failure: NoSuchFileException, say.
      Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
      out.add(
          Finding.failed(
              Step.CONFIG,
              "cannot read " + file,
              file + " cannot be read (" + cause.getClass().getSimpleName() + ").",
              "Restore it, or write a new one with `simplemqtt init "
                  + directory.path()
                  + " --force`"
                  + " (which also makes a new CA)."));
      return null;
    }
    out.add(
        Finding.passed(
            Step.CONFIG,
            directory.configFile().getFileName()
                + ": "
                + conf.values("listener").size()
                + " listeners"));
    return conf;
  }

  /** Whether the installed mosquitto starts with the config: only mosquitto knows its options. */
  private static void mosquittoAccepts(BrokerDirectory directory, List<Finding> out) {
    Optional<String> refusal;
    try {
      refusal = Mosquitto.checkConfig(directory.path());
    } catch (BrokerProcessException e) {
      out.add(
          Finding.warning(
              Step.CONFIG,
              "mosquitto.conf not tried: no mosquitto here",
              "Only the installed mosquitto can tell whether it accepts "
                  + directory.configFile()
                  + ".",
              "Install mosquitto: " + Mosquitto.installHint() + "."));
      return;
    } catch (UncheckedIOException e) {
      return; // config() has reported the unreadable file
    }
    if (refusal.isEmpty()) {
      out.add(Finding.passed(Step.CONFIG, "mosquitto starts with mosquitto.conf"));
      return;
    }
    out.add(
        Finding.failed(
            Step.CONFIG,
            "mosquitto refuses mosquitto.conf",
            "A trial start of the installed mosquitto on "
                + directory.configFile()
                + " (listeners moved to free loopback ports) failed: "
                + refusal.get()
                + ".",
            "Correct the line mosquitto names in "
                + directory.configFile()
                + " (`mosquitto -h` lists the options this version knows), then run doctor"
                + " again."));
  }

  private static void configFiles(
      BrokerDirectory directory, MosquittoConfFile conf, List<Finding> out) {
    Optional<String> runAs = brokerUser(conf);
    int checked = 0;
    for (String option : FILE_OPTIONS) {
      // With per-listener settings one file may be named for each listener; check it once.
      for (String value : new LinkedHashSet<>(conf.values(option))) {
        Path file = directory.path().resolve(value);
        checked++;
        if (!Files.exists(file)) {
          out.add(
              Finding.failed(
                  Step.CONFIG,
                  option + " " + value + " is missing",
                  "mosquitto.conf names "
                      + value
                      + " ("
                      + option
                      + "), and "
                      + file
                      + " does not exist, so mosquitto will not start.",
                  missingFileFix(directory, option)));
          continue;
        }
        Optional<String> unreadable = unreadableBy(file, runAs);
        unreadable.ifPresent(
            why ->
                out.add(
                    Finding.warning(
                        Step.CONFIG,
                        value + " is not readable by " + runAs.orElse("the broker"),
                        why,
                        "`simplemqtt broker start --dir "
                            + directory.path()
                            + "` hands the broker's files to that user; for a service or"
                            + " container, `chown "
                            + runAs.orElse("mosquitto")
                            + " "
                            + file
                            + "` (keep the mode).")));
      }
    }
    out.add(
        Finding.passed(
            Step.CONFIG,
            checked
                + " files named by mosquitto.conf exist"
                + runAs.map(u -> " (mosquitto runs as " + u + ")").orElse("")));
  }

  /**
   * Private keys and the password file are the owner's alone, and so is the CA key folder: the kit
   * writes them so, but a copy, an archive extraction or a chmod can open them up.
   */
  private static void secretModes(BrokerDirectory directory, List<Finding> out) {
    Path dir = directory.path();
    List<Path> secrets = new ArrayList<>();
    secrets.add(directory.caKeyDirectory());
    secrets.add(directory.passwordFile());
    secrets.add(dir.resolve("certs/server.key"));
    for (String folder : List.of("ca", "clients")) {
      try (var files = Files.walk(dir.resolve(folder))) {
        files.filter(f -> f.getFileName().toString().endsWith(".key")).forEach(secrets::add);
      } catch (IOException | UncheckedIOException e) {
        // A missing folder: the certificate checks say what is missing.
      }
    }
    int checked = 0;
    int open = 0;
    for (Path secret : secrets) {
      Set<PosixFilePermission> mode;
      try {
        mode = Files.getPosixFilePermissions(secret, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException e) {
        continue;
      }
      checked++;
      Set<PosixFilePermission> others = EnumSet.copyOf(mode);
      others.retainAll(
          EnumSet.complementOf(
              EnumSet.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE)));
      if (!others.isEmpty()) {
        open++;
        boolean folder = Files.isDirectory(secret, LinkOption.NOFOLLOW_LINKS);
        out.add(
            Finding.warning(
                Step.CONFIG,
                secret + " can be read by other users",
                secret
                    + " holds "
                    + (folder ? "the CA keys" : "a secret")
                    + " but its mode is "
                    + PosixFilePermissions.toString(mode)
                    + ".",
                "`chmod " + (folder ? "700" : "600") + " " + secret + "`"));
      }
    }
    if (open == 0) {
      out.add(
          Finding.passed(
              Step.CONFIG,
              checked
                  + " secrets (private keys, the CA key folder, the password file): owner only"));
    }
  }

  /** The user mosquitto drops to: only when started as root, else it runs as whoever starts it. */
  private static Optional<String> brokerUser(MosquittoConfFile conf) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    String name = conf.user().orElse("mosquitto");
    return name.equals("root") ? Optional.empty() : Optional.of(name);
  }

  private static Optional<String> unreadableBy(Path file, Optional<String> user) {
    if (user.isEmpty()) {
      return Files.isReadable(file)
          ? Optional.empty()
          : Optional.of(file + " cannot be read by this user, who would run the broker.");
    }
    try {
      PosixFileAttributes attributes =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> mode = attributes.permissions();
      boolean readable =
          attributes.owner().getName().equals(user.get())
              ? mode.contains(PosixFilePermission.OWNER_READ)
              : attributes.group().getName().equals(user.get())
                  ? mode.contains(PosixFilePermission.GROUP_READ)
                  : mode.contains(PosixFilePermission.OTHERS_READ);
      if (readable) {
        return Optional.empty();
      }
      return Optional.of(
          "Mosquitto started as root drops to user '"
              + user.get()
              + "', which cannot read "
              + file
              + " (owner "
              + attributes.owner().getName()
              + ", mode "
              + PosixFilePermissions.toString(mode)
              + ").");
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- certificates

  private void certificates(BrokerDirectory directory, List<Finding> out) {
    out.addAll(
        CertificateCheck.judge(
            CertificateProbe.gather(directory, clock), directory.path(), directory.settings()));
  }

  /**
   * The command that writes crl.pem again (from the kit's copy of the revocations) and makes the
   * broker read it: start and reload both renew a missing, expiring or expired CRL.
   */
  static String renewCrlCommand(BrokerDirectory directory) {
    return CertificateCheck.renewCrlCommand(
        directory.path(), directory.broker().status().state() == BrokerStatus.State.RUNNING);
  }

  // ---------------------------------------------------------------- users and ACL

  private static void passwords(BrokerDirectory directory, List<Finding> out) {
    Path file = directory.passwordFile();
    if (!Files.exists(file)) {
      out.add(Finding.passed(Step.USERS, "no password file (no password users)"));
      return;
    }
    PasswordFile passwords;
    try {
      passwords = PasswordFile.load(file);
    } catch (UncheckedIOException e) {
      out.add(
          Finding.failed(
              Step.USERS,
              "cannot read " + file,
              e.getMessage() + ".",
              "Make it readable by this user, or run doctor as the broker's owner."));
      return;
    }
    List<PasswordFile.Problem> problems = passwords.problems();
    for (PasswordFile.Problem problem : problems) {
      out.add(
          Finding.failed(
              Step.USERS,
              ".passwords line " + problem.lineNumber() + " is not well-formed",
              "Line " + problem.lineNumber() + " of " + file + ": " + problem.what(),
              problem.fix().isEmpty()
                  ? "Set the user's password again with `simplemqtt user add`."
                  : problem.fix()));
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ)
          || mode.contains(PosixFilePermission.OTHERS_READ)) {
        out.add(
            Finding.warning(
                Step.USERS,
                ".passwords is readable by others",
                file
                    + " has mode "
                    + PosixFilePermissions.toString(mode)
                    + ", so other users can read the password hashes.",
                "`chmod 600 " + file + "`."));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No POSIX modes here; nothing to say.
    }
    if (problems.isEmpty()) {
      out.add(
          Finding.passed(
              Step.USERS,
              ".passwords: " + passwords.users().size() + " users, every entry well-formed"));
    }
  }

  /** A fix for a missing file that works as printed, or says plainly that only a backup helps. */
  private static String missingFileFix(BrokerDirectory directory, String option) {
    return switch (option) {
      case "crlfile" -> "Write it again: " + renewCrlCommand(directory) + ".";
      case "certfile", "keyfile" ->
          "Issue the server certificate again: `simplemqtt cert server --dir "
              + directory.path()
              + directory.settings().hosts().stream().map(h -> " --host " + h).collect(joining())
              + "`.";
      case "cafile" ->
          "Restore it from a backup, or write it again from the CA certificates: `cat"
              + " certs/signingCA.crt certs/rootCA.crt > certs/chain.crt` in "
              + directory.path()
              + ".";
      default ->
          "Restore it from a backup; the kit cannot make it again without losing what it held.";
    };
  }

  private static void acl(
      BrokerDirectory directory, @Nullable MosquittoConfFile conf, List<Finding> out) {
    List<String> named = conf == null ? List.of() : conf.values("acl_file");
    if (named.isEmpty()) {
      out.add(Finding.passed(Step.USERS, "no acl_file: every user may use every topic"));
      return;
    }
    for (String value : new LinkedHashSet<>(named)) {
      Path file = directory.path().resolve(value);
      if (!Files.exists(file)) {
        continue; // reported with the config's files
      }
      try {
        AccessControlList acl = AccessControlList.load(file);
        out.add(
            Finding.passed(
                Step.USERS,
                value
                    + ": "
                    + acl.rules().size()
                    + " rules parse"
                    + (acl.users().isEmpty()
                        ? ""
                        : " (users " + String.join(", ", acl.users()) + ")")));
      } catch (AclParseException e) {
        for (AclParseException.Problem problem : e.problems()) {
          out.add(
              Finding.failed(
                  Step.USERS,
                  value + " line " + problem.lineNumber() + " does not parse",
                  "Line "
                      + problem.lineNumber()
                      + " of "
                      + file
                      + ": "
                      + Sentences.sentence(problem.message()),
                  "Correct or delete the line, then `simplemqtt broker reload --dir "
                      + directory.path()
                      + "`."));
        }
      } catch (UncheckedIOException e) {
        out.add(
            Finding.failed(
                Step.USERS,
                "cannot read " + file,
                e.getMessage() + ".",
                "Make it readable by this user."));
      }
    }
  }

  // ---------------------------------------------------------------- process

  private static void process(BrokerDirectory directory, List<Finding> out) {
    BrokerStatus status = directory.broker().status();
    BrokerSettings settings = directory.settings();
    String address =
        settings.bindAddress() == null || settings.bindAddress().equals("0.0.0.0")
            ? "127.0.0.1"
            : settings.bindAddress();
    List<Integer> ports = new ArrayList<>();
    if (settings.port() != 0) {
      ports.add(settings.port());
    }
    if (settings.tlsPort() != 0) {
      ports.add(settings.tlsPort());
    }
    List<Integer> answering = new ArrayList<>();
    for (int port : ports) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        answering.add(port);
      } catch (IOException e) {
        // Not answering.
      }
    }
    if (status.isRunning()) {
      if (answering.size() == ports.size()) {
        out.add(
            Finding.passed(
                Step.PROCESS, status.description().replaceAll("\\.$", "") + "; listeners answer"));
      } else {
        List<Integer> silent = new ArrayList<>(ports);
        silent.removeAll(answering);
        out.add(
            Finding.failed(
                Step.PROCESS,
                "listener " + silent + " does not answer",
                "mosquitto runs, but nothing answers on " + address + " port " + silent + ".",
                "See its log (`simplemqtt broker logs --dir "
                    + directory.path()
                    + "`) and restart it (`simplemqtt broker stop`, then `start`)."));
      }
      return;
    }
    if (!answering.isEmpty()) {
      out.add(
          Finding.passed(
              Step.PROCESS,
              "ports "
                  + answering
                  + " answer (a broker simplemqtt did not start, e.g. a service or container)"));
      return;
    }
    out.add(
        Finding.warning(
            Step.PROCESS,
            "the broker is not running",
            Sentences.sentence(status.description()),
            "Start it: `simplemqtt broker start --dir " + directory.path() + "`."));
  }

  /** mosquitto's words when a client's queue is full; logged once per episode. */
  private static final Pattern DROPPING =
      Pattern.compile("^(\\S+): Outgoing messages are being dropped for client (.+)\\.$");

  /** How far back in the log doctor looks for dropped messages. */
  private static final int LOG_LINES = 5_000;

  /**
   * Whether the broker's log says it dropped messages: a client offline or far behind loses what
   * mosquitto would queue beyond max_queued_messages, and only the log tells (the clients see
   * nothing). Seen in NetworkCutIT: an unpaced publisher 10,000 messages ahead of a subscriber.
   */
  private static void droppedMessages(
      BrokerDirectory directory, @Nullable MosquittoConfFile conf, List<Finding> out) {
    List<String> tail;
    try {
      tail = directory.broker().logTail(LOG_LINES);
    } catch (BrokerProcessException | IllegalArgumentException e) {
      return; // no log to read: the other steps say what is wrong with the directory
    }
    Set<String> clients = new LinkedHashSet<>();
    String last = null;
    for (String line : tail) {
      Matcher dropping = DROPPING.matcher(line.strip());
      if (dropping.matches()) {
        last = dropping.group(1);
        clients.remove(dropping.group(2));
        clients.add(dropping.group(2)); // most recent last
      }
    }
    if (last == null) {
      return;
    }
    String limit =
        conf == null ? "" : conf.value("max_queued_messages").map(v -> " (" + v + ")").orElse("");
    List<String> named = new ArrayList<>(clients);
    String who =
        named.size() <= 5
            ? String.join(", ", named)
            : String.join(", ", named.subList(named.size() - 5, named.size()))
                + " and "
                + (named.size() - 5)
                + " more";
    out.add(
        Finding.warning(
            Step.PROCESS,
            "the broker dropped messages for "
                + (named.size() == 1 ? "1 client" : named.size() + " clients")
                + ", last at "
                + last,
            "mosquitto drops what it would queue beyond max_queued_messages"
                + limit
                + " for a client that is offline or that far behind: "
                + who
                + ".",
            "Make those clients keep up or stay connected, or raise max_queued_messages in "
                + directory.configFile()
                + " and restart the broker (`simplemqtt broker stop --dir "
                + directory.path()
                + "`, then `start`)."));
  }
}
