package io.github.simplemqtt.broker;

import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.config.DockerCompose;
import io.github.simplemqtt.broker.config.MosquittoConfFile;
import io.github.simplemqtt.broker.config.MosquittoConfig;
import io.github.simplemqtt.broker.config.SystemdUnit;
import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.internal.DirectoryLock;
import io.github.simplemqtt.broker.passwd.PasswordFile;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.pki.PkiOptions;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * A broker directory: everything one Mosquitto broker needs, laid out so the same files work for a
 * local process, the systemd unit and Docker Compose.
 *
 * <pre>
 * &lt;dir&gt;/config/mosquitto.conf  config/.passwords  config/acl  config/simplemqtt.properties
 * &lt;dir&gt;/certs/rootCA.crt signingCA.crt server.crt server.key crl.pem chain.crt
 * &lt;dir&gt;/ca/rootCA.key signingCA.key           (mode 0700; never read by the broker)
 * &lt;dir&gt;/clients/&lt;name&gt;/chain.crt client.crt client.key
 * &lt;dir&gt;/data/  log/  docker-compose.yml  simplemqtt-mosquitto.service
 * </pre>
 *
 * <p>Changes that the broker must notice (new users, ACL, server certificate) reload a running
 * local broker; removing a user or revoking a certificate restarts it, which ends live sessions.
 * Not thread-safe; one writer at a time.
 */
public final class BrokerDirectory {
  /** Where the kit records the settings the directory was made with. */
  public static final String SETTINGS_FILE = "config/simplemqtt.properties";

  /** The CA certificates a client must trust, and that verify client certificates. */
  public static final String CHAIN_FILE = "certs/chain.crt";

  private final Path path;
  private final BrokerSettings settings;

  private BrokerDirectory(Path path, BrokerSettings settings) {
    this.path = path;
    this.settings = settings;
  }

  /**
   * Creates a broker directory: PKI, config, an empty password file, the Docker Compose file and
   * the systemd unit. Everything is made in a temporary sibling directory first and moved into
   * place at the end, so a failure leaves nothing half-made and {@code force} replaces an old
   * directory only once the new one is complete.
   *
   * @throws IllegalStateException when {@code dir} exists and is not empty, unless {@code force};
   *     and, {@code force} or not, when it is anything but an empty directory or a broker directory
   *     (see {@link #isKitDirectory(Path)}), which is then left untouched, or when a mosquitto this
   *     kit started runs from {@code dir}
   */
  public static BrokerDirectory create(Path dir, BrokerSettings settings, boolean force) {
    return create(dir, settings, force, step -> {});
  }

  /**
   * Creates a broker directory like {@link #create(Path, BrokerSettings, boolean)}, telling {@code
   * progress} each key it is about to generate (RSA 4096 keys take seconds each).
   */
  public static BrokerDirectory create(
      Path dir, BrokerSettings settings, boolean force, Consumer<String> progress) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(progress, "progress");
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !isEmptyDirectory(target)
        && !isKitDirectory(target)) {
      throw new BrokerDirectoryException(
          BrokerDirectoryException.Problem.NOT_A_BROKER_DIRECTORY,
          target.resolve(SETTINGS_FILE),
          target
              + " already exists and is not a simplemqtt broker directory (it has no "
              + SETTINGS_FILE
              + "), so it is left untouched even with --force",
          "choose another directory.",
          null);
    }
    if (!force && Files.exists(target) && !isEmptyDirectory(target)) {
      throw new BrokerDirectoryException(
          BrokerDirectoryException.Problem.NOT_EMPTY,
          target,
          target + " already exists and is not empty",
          "choose another directory, or pass --force to replace it (which discards its CA and"
              + " every certificate issued from it).",
          null);
    }
    refuseWhileRunning(target);
    Path staging = null;
    try {
      Files.createDirectories(AtomicFiles.parentOf(target));
      // The staging folder holds CA keys while it is filled: 0700 (createTempDirectory's mode,
      // whatever the umask) until it is complete. Its name carries our pid so that the next kit
      // command can tell a killed init's leftovers from a running one's.
      staging =
          AtomicFiles.createStagingDirectory(
              AtomicFiles.parentOf(target), target.getFileName().toString());
      populate(staging, target, settings, progress);
      // Key generation takes seconds; a broker may have been started meanwhile.
      refuseWhileRunning(target);
      // The broker may run as another user and must enter the finished directory.
      Files.setPosixFilePermissions(staging, AtomicFiles.DIRECTORY);
      AtomicFiles.replaceDirectory(staging, target);
      staging = null;
      // The systemd unit starts mosquitto as root, which drops to its user before reading keys
      // and the password file: that user must own them from the start, not only after
      // `broker start`.
      LocalBroker.of(target).handOverToBrokerUser();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not create the broker directory " + target + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        AtomicFiles.deleteTree(staging);
      }
    }
    return new BrokerDirectory(target, settings);
  }

  /**
   * Opens an existing broker directory, like {@link #open(Path, Consumer)} without notices.
   *
   * @throws IllegalStateException when {@code dir} is not a broker directory made by the kit
   */
  public static BrokerDirectory open(Path dir) {
    return open(dir, notice -> {});
  }

  /**
   * Opens an existing broker directory. A directory made by an older kit, with the CA keys in
   * {@code certs/}, gets them moved to {@link #caKeyDirectory() ca/}, and {@code notices} is told
   * so in one sentence.
   *
   * @throws BrokerDirectoryException when {@code dir} is not a broker directory made by the kit, or
   *     its settings file is damaged
   */
  public static BrokerDirectory open(Path dir, Consumer<String> notices) {
    Objects.requireNonNull(notices, "notices");
    Path target = dir.toAbsolutePath().normalize();
    // A killed init leaves its staging folder beside the directory, a killed cert client in
    // clients/; both may hold private keys.
    if (target.getParent() != null) {
      AtomicFiles.removeStaleStaging(target.getParent());
    }
    AtomicFiles.removeStaleStaging(target.resolve("clients"));
    Path settingsFile = target.resolve(SETTINGS_FILE);
    if (!Files.isRegularFile(settingsFile)) {
      throw new BrokerDirectoryException(
          BrokerDirectoryException.Problem.NOT_A_BROKER_DIRECTORY,
          settingsFile,
          target + " is not a simplemqtt broker directory (" + SETTINGS_FILE + " is missing)",
          "create one with `simplemqtt init " + dir + " --host <broker IP>`.",
          null);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(settingsFile, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + settingsFile + ": " + e.getMessage(), e);
    }
    BrokerDirectory directory;
    try {
      directory = new BrokerDirectory(target, BrokerSettings.fromProperties(properties));
    } catch (IllegalArgumentException e) {
      throw new BrokerDirectoryException(
          BrokerDirectoryException.Problem.SETTINGS_DAMAGED,
          settingsFile,
          settingsFile + " is damaged: " + e.getMessage(),
          null,
          e);
    }
    CaKeys.migrate(target, notices);
    return directory;
  }

  /**
   * A mosquitto started from the old directory would keep running from the moved-away copy,
   * admitting the users and certificates meant to be discarded.
   */
  private static void refuseWhileRunning(Path target) {
    if (!Files.isRegularFile(target.resolve(SETTINGS_FILE))) {
      return;
    }
    BrokerStatus status = LocalBroker.of(target).status();
    if (status.isRunning()) {
      throw new BrokerDirectoryException(
          BrokerDirectoryException.Problem.BROKER_RUNNING,
          target,
          "mosquitto (pid "
              + status.pid().getAsLong()
              + ") is running from "
              + target
              + " and would keep admitting its old users and certificates",
          "stop it with `simplemqtt broker stop --dir " + target + "`, then run init again.",
          null);
    }
  }

  private static void populate(
      Path dir, Path finalPath, BrokerSettings settings, Consumer<String> progress)
      throws IOException {
    for (String sub : List.of("config", "certs", "clients", "data", "log")) {
      AtomicFiles.createDirectories(dir.resolve(sub)); // rwxr-xr-x whatever the umask
    }
    CaKeys.createFolder(dir.resolve(CaKeys.FOLDER));
    Pki pki =
        Pki.create(
            dir.resolve("certs"),
            dir.resolve(CaKeys.FOLDER),
            PkiOptions.builder()
                .keyType(settings.keyType())
                .serverHosts(settings.hosts())
                .progress(progress)
                .build());
    writeChain(pki, dir.resolve(CHAIN_FILE));
    PasswordFile.load(dir.resolve(MosquittoConfig.DEFAULT_PASSWORD_FILE)).save();
    MosquittoConfig config = config(settings, false);
    AtomicFiles.writePublic(dir.resolve(MosquittoConfig.CONFIG_FILE), config.render());
    AtomicFiles.writePublic(
        dir.resolve(DockerCompose.FILE_NAME), DockerCompose.forDirectory(config, dir).render());
    String user = System.getProperty("user.name");
    String group =
        Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class)
            .group()
            .getName();
    AtomicFiles.writePublic(
        dir.resolve(SystemdUnit.FILE_NAME), SystemdUnit.of(finalPath, user, group).render());
    writeSettings(dir, settings);
  }

  private static void writeChain(Pki pki, Path chain) throws IOException {
    String signing = Files.readString(pki.signingCertificate(), StandardCharsets.US_ASCII);
    String root = Files.readString(pki.rootCertificate(), StandardCharsets.US_ASCII);
    AtomicFiles.writePublic(chain, signing + (signing.endsWith("\n") ? "" : "\n") + root);
  }

  private static void writeSettings(Path dir, BrokerSettings settings) throws IOException {
    StringWriter out = new StringWriter();
    settings.toProperties().store(out, "Written by simplemqtt; read by its commands.");
    AtomicFiles.writePublic(dir.resolve(SETTINGS_FILE), out.toString());
  }

  static MosquittoConfig config(BrokerSettings settings, boolean withAcl) {
    MosquittoConfig.Builder builder = MosquittoConfig.builder();
    if (settings.port() == 0) {
      builder.noPlainListener();
    } else {
      builder.port(settings.port()).allowAnonymous(settings.anonymous());
    }
    if (settings.tlsPort() == 0) {
      builder.noTlsListener();
    } else {
      builder.tlsPort(settings.tlsPort());
    }
    if (settings.bindAddress() != null) {
      builder.bindAddress(settings.bindAddress());
      builder.tlsBindAddress(settings.bindAddress());
    }
    if (withAcl) {
      builder.aclFile(MosquittoConfig.DEFAULT_ACL_FILE);
    }
    if (settings.saveOnEveryChange()) {
      builder.saveOnEveryChange();
    }
    if (settings.maxPacketSize() != null) {
      builder.maxPacketSize(settings.maxPacketSize());
    }
    return builder.build();
  }

  /** The directory itself, absolute. */
  public Path path() {
    return path;
  }

  /** The settings the directory was made with. */
  public BrokerSettings settings() {
    return settings;
  }

  /** {@code config/mosquitto.conf}. */
  public Path configFile() {
    return path.resolve(MosquittoConfig.CONFIG_FILE);
  }

  /** {@code config/.passwords}. */
  public Path passwordFile() {
    return path.resolve(MosquittoConfig.DEFAULT_PASSWORD_FILE);
  }

  /** {@code config/acl}. */
  public Path aclFile() {
    return path.resolve(MosquittoConfig.DEFAULT_ACL_FILE);
  }

  /** {@code certs/chain.crt}: the CA certificates clients trust. */
  public Path chainFile() {
    return path.resolve(CHAIN_FILE);
  }

  /** {@code clients/<name>/}: where a client's certificate bundle goes. */
  public Path clientDirectory(String name) {
    Objects.requireNonNull(name, "name");
    return path.resolve("clients").resolve(name);
  }

  /**
   * {@code ca/}: the root and signing CA keys, mode 0700 and owned by whoever ran the kit. Neither
   * the Docker container nor, when the kit runs as root, the broker's user can read it.
   */
  public Path caKeyDirectory() {
    return path.resolve(CaKeys.FOLDER);
  }

  /** The PKI in {@code certs/}, with its CA keys in {@code ca/}. */
  public Pki pki() {
    return Pki.open(path.resolve("certs"), caKeyDirectory(), null, java.time.Clock.systemUTC());
  }

  /** The local mosquitto process for this directory. */
  public LocalBroker broker() {
    return LocalBroker.of(path);
  }

  /** The users in the password file. */
  public List<String> users() {
    return PasswordFile.load(passwordFile()).users();
  }

  /** Adds a user or changes their password, then reloads a running broker. */
  public void setPassword(String user, char[] password) {
    DirectoryLock.withLock(
        path,
        () -> {
          PasswordFile passwords = PasswordFile.load(passwordFile());
          passwords.setPassword(user, password);
          passwords.save();
        });
    reloadIfRunning();
  }

  /** Removes a user and ends their live sessions, like {@link #removeUser(String, IntConsumer)}. */
  public boolean removeUser(String user) {
    return removeUser(user, ended -> {});
  }

  /**
   * Removes a user, then restarts a running local broker so that every live session of that user
   * ends (see {@link #endSessions}); false when there was no such user.
   *
   * @param endedSessions told how many live sessions of {@code user} the restart ended, only when
   *     the local broker was running
   */
  public boolean removeUser(String user, IntConsumer endedSessions) {
    boolean removed =
        DirectoryLock.withLock(
            path,
            () -> {
              PasswordFile passwords = PasswordFile.load(passwordFile());
              boolean found = passwords.remove(user);
              if (found) {
                passwords.save();
              }
              return found;
            });
    if (removed) {
      endSessions(user, endedSessions);
    }
    return removed;
  }

  /**
   * Issues a client certificate into {@code clients/<name>/}.
   *
   * @throws IllegalStateException when {@code name} already holds a valid certificate; use {@link
   *     #replaceClient} so the old one does not stay valid unnoticed
   */
  public ClientBundle issueClient(String name, int days) {
    return issueClient(name, clientDirectory(name), days);
  }

  /**
   * Issues a client certificate into {@code outputDirectory}, like {@link #issueClient(String,
   * int)}.
   *
   * @throws IllegalStateException when {@code name} already holds a valid certificate
   */
  public ClientBundle issueClient(String name, Path outputDirectory, int days) {
    return issueClient(name, outputDirectory, days, Map.of());
  }

  /**
   * Issues a client certificate into {@code outputDirectory} with {@code extraFiles} beside it,
   * written in the same step ({@link Pki#issueClient(String, Path, int, Map)}): the folder appears
   * whole or not at all.
   *
   * @throws IllegalStateException when {@code name} already holds a valid certificate
   */
  public ClientBundle issueClient(
      String name, Path outputDirectory, int days, Map<String, String> extraFiles) {
    return DirectoryLock.withLock(
        path,
        () -> {
          Pki pki = pki();
          List<CertificateInfo> held = usableCertificates(pki, name);
          if (!held.isEmpty()) {
            CertificateInfo old = held.get(0);
            throw new BrokerDirectoryException(
                BrokerDirectoryException.Problem.CERTIFICATE_EXISTS,
                null,
                name + " already holds a valid certificate (serial " + old.serialHex() + ")",
                "pass --replace to issue a new one and revoke the old, or run `simplemqtt cert"
                    + " revoke "
                    + name
                    + "` first.",
                null);
          }
          return pki.issueClient(name, outputDirectory, days, extraFiles);
        });
  }

  /**
   * Issues a new client certificate for {@code name} into {@code outputDirectory}, then revokes
   * every certificate {@code name} held before and restarts a running local broker, ending the
   * sessions made with them. The new one is issued first, so a failure leaves the old one in place.
   */
  public ClientReplacement replaceClient(String name, Path outputDirectory, int days) {
    ClientReplacement replacement =
        DirectoryLock.withLock(
            path,
            () -> {
              Pki pki = pki();
              List<CertificateInfo> held = usableCertificates(pki, name);
              ClientBundle bundle = pki.issueClient(name, outputDirectory, days);
              List<CertificateInfo> revoked =
                  held.stream().map(old -> pki.revokeSerial(old.serialHex())).toList();
              return new ClientReplacement(bundle, revoked);
            });
    if (!replacement.revoked().isEmpty()) {
      endSessions(name, ended -> {}); // sessions made with the old certificate end too
    }
    return replacement;
  }

  /**
   * What {@link #replaceClient} did.
   *
   * @param bundle the new certificate and key
   * @param revoked the certificates the client held before, now revoked; empty when it held none
   */
  public record ClientReplacement(ClientBundle bundle, List<CertificateInfo> revoked) {
    /** Copies the list. */
    public ClientReplacement {
      Objects.requireNonNull(bundle, "bundle");
      revoked = List.copyOf(revoked);
    }
  }

  private static List<CertificateInfo> usableCertificates(Pki pki, String name) {
    return pki.list().stream()
        .filter(info -> info.role() == CertificateInfo.Role.CLIENT)
        .filter(info -> info.commonName().equals(name))
        .filter(info -> info.state().usable())
        .toList();
  }

  /** Re-issues the server certificate, for example after the broker's address changed. */
  public CertificateInfo reissueServer(List<String> hosts, int days) {
    CertificateInfo info =
        DirectoryLock.withLock(
            path,
            () -> {
              CertificateInfo issued = pki().issueServer(hosts, days);
              writeSettingsQuietly(settings.toBuilder().hosts(hosts).build());
              return issued;
            });
    reloadIfRunning();
    return info;
  }

  /**
   * Revokes every valid certificate issued to {@code name} and ends its live sessions, like {@link
   * #revokeClient(String, IntConsumer)}.
   */
  public List<CertificateInfo> revokeClient(String name) {
    return revokeClient(name, ended -> {});
  }

  /**
   * Revokes every valid certificate issued to {@code name}, then restarts a running local broker so
   * that every live session of {@code name} ends (see {@link #endSessions}).
   *
   * @param endedSessions told how many live sessions of {@code name} the restart ended, only when
   *     the local broker was running
   */
  public List<CertificateInfo> revokeClient(String name, IntConsumer endedSessions) {
    List<CertificateInfo> revoked = DirectoryLock.withLock(path, () -> pki().revoke(name));
    endSessions(name, endedSessions);
    return revoked;
  }

  /**
   * Ends the live sessions of {@code user} on the running local broker by restarting it. mosquitto
   * re-reads the password file and CRL on SIGHUP but keeps connections it already accepted; a
   * restart drops them, and its persistence (saved on every change and at shutdown) keeps other
   * clients' sessions opened with clean start off (every simplemqtt client's) and their queued QoS
   * 1/2 messages. Live sessions are counted from the broker's log of connections. Does nothing when
   * no local broker runs: a broker under systemd or Docker must be restarted by its manager.
   */
  private void endSessions(String user, IntConsumer endedSessions) {
    LocalBroker broker = broker();
    if (broker.status().state() != BrokerStatus.State.RUNNING) {
      return;
    }
    int live = LiveSessions.count(readLog(broker.logFile()), user);
    broker.restart();
    endedSessions.accept(live);
  }

  private static List<String> readLog(Path log) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of(); // no log yet: no session was logged
    }
  }

  /** The ACL, empty when none was set. */
  public AccessControlList acl() {
    return Files.exists(aclFile()) ? AccessControlList.load(aclFile()) : AccessControlList.empty();
  }

  /**
   * Writes the ACL and makes the config use it (or stop using it when {@code acl} is empty), then
   * reloads a running broker. Note that with an ACL, users may only use the topics it grants. Only
   * the {@code acl_file} lines of mosquitto.conf change: a person's edits to it stay.
   */
  public void setAcl(AccessControlList acl) {
    boolean use = !acl.rules().isEmpty();
    DirectoryLock.withLock(
        path,
        () -> {
          if (use) {
            acl.save(aclFile());
          }
          AtomicFiles.writePublic(configFile(), configWithAcl(use).text());
        });
    reloadIfRunning();
  }

  private MosquittoConfFile configWithAcl(boolean use) {
    String aclFile = use ? MosquittoConfig.DEFAULT_ACL_FILE : null;
    try {
      return MosquittoConfFile.parse(Files.readString(configFile(), StandardCharsets.UTF_8))
          .withAclFile(aclFile);
    } catch (NoSuchFileException e) {
      return config(settings, use).toConfFile();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + configFile(), e);
    }
  }

  /**
   * The directory's mosquitto.conf as mosquitto started here reads it ({@code include_dir} files
   * included).
   *
   * @throws UncheckedIOException when it cannot be read
   */
  public MosquittoConfFile mosquittoConf() {
    try {
      return MosquittoConfFile.read(configFile(), path);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + configFile(), e);
    }
  }

  /** Reloads the broker when it runs; returns whether it did. */
  public boolean reloadIfRunning() {
    LocalBroker broker = broker();
    if (broker.status().state() == BrokerStatus.State.RUNNING) {
      return broker.reload();
    }
    return false;
  }

  private void writeSettingsQuietly(BrokerSettings updated) {
    try {
      writeSettings(path, updated);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not update " + path.resolve(SETTINGS_FILE), e);
    }
  }

  @Override
  public String toString() {
    return "BrokerDirectory[" + path + "]";
  }

  /**
   * Whether {@code dir} is a broker directory the kit made: a real directory (not a link) holding
   * {@link #SETTINGS_FILE}. Only such a directory may be replaced by {@code init --force}; the
   * settings file is the marker because every kit command already needs it to open the directory.
   */
  public static boolean isKitDirectory(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(SETTINGS_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
