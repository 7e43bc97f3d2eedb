package io.github.simplemqtt.broker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a broker directory's {@code config/mosquitto.conf} for Mosquitto 2.0, and the
 * text of that file ({@link #render()}).
 *
 * <p>Every file the broker opens is named relative to the broker directory ({@code
 * config/.passwords}, {@code certs/server.key}, {@code data/}, {@code log/mosquitto.log}), because
 * mosquitto opens relative paths from its working directory: the local process and the systemd unit
 * run in the broker directory, and the Docker container mounts it at {@code /mosquitto} with that
 * as working directory. So one file serves all three.
 *
 * <p>Up to two listeners: a plain one ({@link #port()}) where clients log in with a user name and
 * password (or anonymously, if {@link #allowAnonymous()}), and a mutual-TLS one ({@link
 * #tlsPort()}) where a client certificate signed by the kit's CA is required and its CN is the user
 * name. Either may be absent, not both. An ACL ({@link #aclFile()}) applies to both.
 *
 * <p>Immutable; build with {@link #builder()}, or change some settings of one with {@link
 * #toBuilder()}. Defaults and units are listed on {@link Builder}. Two configurations with the same
 * settings are equal.
 */
public final class MosquittoConfig {

  /** Where the broker directory keeps this file. */
  public static final String CONFIG_FILE = "config/mosquitto.conf";

  /** The standard MQTT port. */
  public static final int DEFAULT_PORT = 1883;

  /** The standard MQTT-over-TLS port. */
  public static final int DEFAULT_TLS_PORT = 8883;

  /** Default {@link #passwordFile()}. */
  public static final String DEFAULT_PASSWORD_FILE = "config/.passwords";

  /** The usual {@link #aclFile()}, when an ACL is wanted (none by default). */
  public static final String DEFAULT_ACL_FILE = "config/acl";

  /** Default {@link #caFile()}: the signing CA followed by the root, written by the PKI. */
  public static final String DEFAULT_CA_FILE = "certs/chain.crt";

  /** Default {@link #certFile()}. */
  public static final String DEFAULT_CERT_FILE = "certs/server.crt";

  /** Default {@link #keyFile()}. */
  public static final String DEFAULT_KEY_FILE = "certs/server.key";

  /** Default {@link #crlFile()}. */
  public static final String DEFAULT_CRL_FILE = "certs/crl.pem";

  /** Where the in-memory database is saved ({@code data/mosquitto.db}); fixed by the layout. */
  public static final String PERSISTENCE_LOCATION = "data/";

  /** The broker's log file; fixed by the layout. */
  public static final String LOG_FILE = "log/mosquitto.log";

  /** Default {@link #tlsVersion()}: TLS 1.2 and 1.3 are accepted. */
  public static final String DEFAULT_TLS_VERSION = "tlsv1.2";

  /**
   * Default {@link #autosaveInterval()}: 300 seconds, so a power cut loses at most five minutes of
   * retained messages and sessions (mosquitto's own default is 1800).
   */
  public static final int DEFAULT_AUTOSAVE_INTERVAL = 300;

  /**
   * Default {@link #maxQueuedMessages()}: 10000, ten times mosquitto's 1000. With 1000, a fast QoS
   * 1 publisher into a slower subscriber lost about two thirds of 100k messages at the broker,
   * silently; 10000 absorbs bursts of that kind while {@link #DEFAULT_MAX_QUEUED_BYTES} bounds the
   * memory.
   */
  public static final int DEFAULT_MAX_QUEUED_MESSAGES = 10_000;

  /**
   * Default {@link #maxQueuedBytes()}: 16 MiB per client (mosquitto has no limit by default), so a
   * stuck subscriber of large messages cannot exhaust a small machine's memory.
   */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

  /** Default {@link #maxInflightMessages()}: mosquitto's 20, written out so it is visible. */
  public static final int DEFAULT_MAX_INFLIGHT_MESSAGES = 20;

  private final @Nullable Integer port;
  private final @Nullable String bindAddress;
  private final boolean allowAnonymous;
  private final String passwordFile;
  private final @Nullable String aclFile;
  private final @Nullable Integer tlsPort;
  private final @Nullable String tlsBindAddress;
  private final String caFile;
  private final String certFile;
  private final String keyFile;
  private final @Nullable String crlFile;
  private final String tlsVersion;
  private final int autosaveInterval;
  private final boolean autosaveOnChanges;
  private final int maxQueuedMessages;
  private final long maxQueuedBytes;
  private final int maxInflightMessages;
  private final @Nullable Integer maxPacketSize;
  private final @Nullable Integer messageSizeLimit;
  private final @Nullable String runAsUser;

  /**
   * Takes and checks the builder's settings.
   *
   * @throws IllegalArgumentException saying which setting is wrong and what is allowed
   */
  private MosquittoConfig(Builder b) {
    port = b.port;
    bindAddress = b.bindAddress;
    allowAnonymous = b.allowAnonymous;
    passwordFile = b.passwordFile;
    aclFile = b.aclFile;
    tlsPort = b.tlsPort;
    tlsBindAddress = b.tlsBindAddress;
    caFile = b.caFile;
    certFile = b.certFile;
    keyFile = b.keyFile;
    crlFile = b.crlFile;
    tlsVersion = b.tlsVersion;
    autosaveInterval = b.autosaveInterval;
    autosaveOnChanges = b.autosaveOnChanges;
    maxQueuedMessages = b.maxQueuedMessages;
    maxQueuedBytes = b.maxQueuedBytes;
    maxInflightMessages = b.maxInflightMessages;
    maxPacketSize = b.maxPacketSize;
    messageSizeLimit = b.messageSizeLimit;
    runAsUser = b.runAsUser;

    if (port == null && tlsPort == null) {
      throw new IllegalArgumentException(
          "The broker needs at least one listener; set a plain port, a TLS port or both.");
    }
    checkPort("port", port);
    checkPort("tlsPort", tlsPort);
    if (port != null && port.equals(tlsPort) && Objects.equals(bindAddress, tlsBindAddress)) {
      throw new IllegalArgumentException(
          "The plain and the TLS listener both use port " + port + "; give them different ports.");
    }
    checkWord("bindAddress", bindAddress, true);
    checkWord("tlsBindAddress", tlsBindAddress, true);
    checkPath("passwordFile", passwordFile, false);
    checkPath("aclFile", aclFile, true);
    checkPath("caFile", caFile, false);
    checkPath("certFile", certFile, false);
    checkPath("keyFile", keyFile, false);
    checkPath("crlFile", crlFile, true);
    if (!"tlsv1.2".equals(tlsVersion) && !"tlsv1.3".equals(tlsVersion)) {
      throw new IllegalArgumentException(
          "tlsVersion must be tlsv1.2 or tlsv1.3, not '" + tlsVersion + "'.");
    }
    checkAtLeast("autosaveInterval", autosaveInterval, 0);
    checkAtLeast("maxQueuedMessages", maxQueuedMessages, 0);
    checkAtLeast("maxQueuedBytes", maxQueuedBytes, 0);
    checkAtLeast("maxInflightMessages", maxInflightMessages, 0);
    if (maxInflightMessages > 65535) {
      throw new IllegalArgumentException(
          "maxInflightMessages must be at most 65535 (MQTT's packet id range), not "
              + maxInflightMessages
              + ".");
    }
    if (maxPacketSize != null && (maxPacketSize < 20 || maxPacketSize > 268_435_460)) {
      throw new IllegalArgumentException(
          "maxPacketSize must be between 20 and 268435460 bytes (or null for no limit), not "
              + maxPacketSize
              + ".");
    }
    if (messageSizeLimit != null && (messageSizeLimit < 1 || messageSizeLimit > 268_435_455)) {
      throw new IllegalArgumentException(
          "messageSizeLimit must be between 1 and 268435455 bytes (or null for no limit), not "
              + messageSizeLimit
              + ".");
    }
    checkWord("runAsUser", runAsUser, true);
  }

  /** A builder with the defaults listed on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The plain MQTT listener's port, or null for none. */
  public @Nullable Integer port() {
    return port;
  }

  /** The address the plain listener binds, or null for all interfaces. */
  public @Nullable String bindAddress() {
    return bindAddress;
  }

  /**
   * Whether the plain listener lets clients in without a user name (then no password file is used
   * on it); the TLS listener never does.
   */
  public boolean allowAnonymous() {
    return allowAnonymous;
  }

  /** The password file, relative to the broker directory. */
  public String passwordFile() {
    return passwordFile;
  }

  /**
   * The ACL file, relative to the broker directory, or null for none (every authenticated client
   * may use every topic).
   */
  public @Nullable String aclFile() {
    return aclFile;
  }

  /** The mutual-TLS listener's port, or null for none. */
  public @Nullable Integer tlsPort() {
    return tlsPort;
  }

  /** The address the TLS listener binds, or null for all interfaces. */
  public @Nullable String tlsBindAddress() {
    return tlsBindAddress;
  }

  /** The PEM bundle that verifies client certificates (signing CA and root). */
  public String caFile() {
    return caFile;
  }

  /** The server certificate (PEM). */
  public String certFile() {
    return certFile;
  }

  /** The server's private key (PEM). */
  public String keyFile() {
    return keyFile;
  }

  /** The certificate revocation list (PEM), or null for none. */
  public @Nullable String crlFile() {
    return crlFile;
  }

  /** The lowest TLS version accepted: {@code tlsv1.2} or {@code tlsv1.3}. */
  public String tlsVersion() {
    return tlsVersion;
  }

  /**
   * Seconds between saves of the in-memory database, or with {@link #autosaveOnChanges()} the
   * number of changes between saves; 0 saves only on exit.
   */
  public int autosaveInterval() {
    return autosaveInterval;
  }

  /** Whether {@link #autosaveInterval()} counts changes instead of seconds. */
  public boolean autosaveOnChanges() {
    return autosaveOnChanges;
  }

  /** QoS 1 and 2 messages queued per client beyond those in flight; 0 for no limit. */
  public int maxQueuedMessages() {
    return maxQueuedMessages;
  }

  /** Bytes queued per client beyond those in flight; 0 for no limit. */
  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /** QoS 1 and 2 messages in flight per client; 0 for no limit. */
  public int maxInflightMessages() {
    return maxInflightMessages;
  }

  /** The largest MQTT packet accepted, in bytes, or null for no limit. */
  public @Nullable Integer maxPacketSize() {
    return maxPacketSize;
  }

  /** The largest publish payload accepted, in bytes, or null for no limit. */
  public @Nullable Integer messageSizeLimit() {
    return messageSizeLimit;
  }

  /**
   * The user mosquitto switches to when started as root, or null for mosquitto's default ({@code
   * mosquitto}); has no effect when not started as root.
   */
  public @Nullable String runAsUser() {
    return runAsUser;
  }

  /**
   * Every path this configuration makes mosquitto open, relative to the broker directory, in the
   * order they appear in the file: password file (unless anonymous), ACL, TLS files, persistence
   * directory, log file.
   */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    if (port != null && !allowAnonymous) {
      paths.add(passwordFile);
    }
    if (aclFile != null) {
      paths.add(aclFile);
    }
    if (tlsPort != null) {
      paths.add(caFile);
      paths.add(certFile);
      paths.add(keyFile);
      if (crlFile != null) {
        paths.add(crlFile);
      }
    }
    paths.add(PERSISTENCE_LOCATION);
    paths.add(LOG_FILE);
    return List.copyOf(paths);
  }

  /**
   * The mosquitto.conf text. Comments sit on their own lines, since mosquitto would read a {@code
   * #} after a value as part of the value. The same settings always give the same text.
   */
  public String render() {
    return toConfFile().text();
  }

  /**
   * The mosquitto.conf these settings make, as the kit's one model of that file: {@link
   * MosquittoConfFile#text()} is {@link #render()}.
   */
  public MosquittoConfFile toConfFile() {
    return MosquittoConfRenderer.render(this);
  }

  /** Whether {@code other} is a configuration with the same settings. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof MosquittoConfig c
        && Objects.equals(port, c.port)
        && Objects.equals(bindAddress, c.bindAddress)
        && allowAnonymous == c.allowAnonymous
        && Objects.equals(passwordFile, c.passwordFile)
        && Objects.equals(aclFile, c.aclFile)
        && Objects.equals(tlsPort, c.tlsPort)
        && Objects.equals(tlsBindAddress, c.tlsBindAddress)
        && Objects.equals(caFile, c.caFile)
        && Objects.equals(certFile, c.certFile)
        && Objects.equals(keyFile, c.keyFile)
        && Objects.equals(crlFile, c.crlFile)
        && Objects.equals(tlsVersion, c.tlsVersion)
        && autosaveInterval == c.autosaveInterval
        && autosaveOnChanges == c.autosaveOnChanges
        && maxQueuedMessages == c.maxQueuedMessages
        && maxQueuedBytes == c.maxQueuedBytes
        && maxInflightMessages == c.maxInflightMessages
        && Objects.equals(maxPacketSize, c.maxPacketSize)
        && Objects.equals(messageSizeLimit, c.messageSizeLimit)
        && Objects.equals(runAsUser, c.runAsUser);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        port,
        bindAddress,
        allowAnonymous,
        passwordFile,
        aclFile,
        tlsPort,
        tlsBindAddress,
        caFile,
        certFile,
        keyFile,
        crlFile,
        tlsVersion,
        autosaveInterval,
        autosaveOnChanges,
        maxQueuedMessages,
        maxQueuedBytes,
        maxInflightMessages,
        maxPacketSize,
        messageSizeLimit,
        runAsUser);
  }

  /** Every setting by name, as a record would show it. */
  @Override
  public String toString() {
    return "MosquittoConfig[port="
        + port
        + ", bindAddress="
        + bindAddress
        + ", allowAnonymous="
        + allowAnonymous
        + ", passwordFile="
        + passwordFile
        + ", aclFile="
        + aclFile
        + ", tlsPort="
        + tlsPort
        + ", tlsBindAddress="
        + tlsBindAddress
        + ", caFile="
        + caFile
        + ", certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + ", crlFile="
        + crlFile
        + ", tlsVersion="
        + tlsVersion
        + ", autosaveInterval="
        + autosaveInterval
        + ", autosaveOnChanges="
        + autosaveOnChanges
        + ", maxQueuedMessages="
        + maxQueuedMessages
        + ", maxQueuedBytes="
        + maxQueuedBytes
        + ", maxInflightMessages="
        + maxInflightMessages
        + ", maxPacketSize="
        + maxPacketSize
        + ", messageSizeLimit="
        + messageSizeLimit
        + ", runAsUser="
        + runAsUser
        + "]";
  }

  private static void checkPort(String name, @Nullable Integer port) {
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException(name + " must be between 1 and 65535, not " + port + ".");
    }
  }

  private static void checkAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be " + min + " or more, not " + value + ".");
    }
  }

  /** A single word for the file: no blanks or control characters, which would end the value. */
  private static void checkWord(String name, @Nullable String value, boolean nullable) {
    if (value == null) {
      if (nullable) {
        return;
      }
      throw new IllegalArgumentException(name + " must be set.");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          name + " is empty; give a value" + (nullable ? " or null for none." : "."));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '#') {
        throw new IllegalArgumentException(
            name
                + " '"
                + value.replaceAll("\\p{Cntrl}", "?")
                + "' contains a blank, a control character or '#'; mosquitto.conf cannot hold"
                + " it.");
      }
    }
  }

  private static void checkPath(String name, @Nullable String path, boolean nullable) {
    checkWord(name, path, nullable);
    if (path == null) {
      return;
    }
    if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException(
          name
              + " '"
              + path
              + "' must be relative to the broker directory, with '/' separators (such as"
              + " 'certs/server.crt'), so the same file works locally, under systemd and in"
              + " Docker.");
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException(
            name + " '" + path + "' must stay inside the broker directory; remove the '..'.");
      }
    }
  }

  /**
   * Builds a {@link MosquittoConfig}. Defaults: plain listener on {@value #DEFAULT_PORT} and TLS
   * listener on {@value #DEFAULT_TLS_PORT}, both on all interfaces; password login (no anonymous);
   * no ACL; TLS files {@value #DEFAULT_CA_FILE}, {@value #DEFAULT_CERT_FILE}, {@value
   * #DEFAULT_KEY_FILE}, {@value #DEFAULT_CRL_FILE}; TLS 1.2 or newer; save every {@value
   * #DEFAULT_AUTOSAVE_INTERVAL} seconds; at most {@value #DEFAULT_MAX_QUEUED_MESSAGES} messages or
   * {@value #DEFAULT_MAX_QUEUED_BYTES} bytes queued and {@value #DEFAULT_MAX_INFLIGHT_MESSAGES} in
   * flight per client; no packet or payload size limit.
   *
   * <p>Setters do not check; {@link #build()} does, naming the wrong setting. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable Integer port = DEFAULT_PORT;
    private @Nullable String bindAddress;
    private boolean allowAnonymous;
    private String passwordFile = DEFAULT_PASSWORD_FILE;
    private @Nullable String aclFile;
    private @Nullable Integer tlsPort = DEFAULT_TLS_PORT;
    private @Nullable String tlsBindAddress;
    private String caFile = DEFAULT_CA_FILE;
    private String certFile = DEFAULT_CERT_FILE;
    private String keyFile = DEFAULT_KEY_FILE;
    private @Nullable String crlFile = DEFAULT_CRL_FILE;
    private String tlsVersion = DEFAULT_TLS_VERSION;
    private int autosaveInterval = DEFAULT_AUTOSAVE_INTERVAL;
    private boolean autosaveOnChanges;
    private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private int maxInflightMessages = DEFAULT_MAX_INFLIGHT_MESSAGES;
    private @Nullable Integer maxPacketSize;
    private @Nullable Integer messageSizeLimit;
    private @Nullable String runAsUser;

    private Builder() {}

    private Builder(MosquittoConfig c) {
      port = c.port;
      bindAddress = c.bindAddress;
      allowAnonymous = c.allowAnonymous;
      passwordFile = c.passwordFile;
      aclFile = c.aclFile;
      tlsPort = c.tlsPort;
      tlsBindAddress = c.tlsBindAddress;
      caFile = c.caFile;
      certFile = c.certFile;
      keyFile = c.keyFile;
      crlFile = c.crlFile;
      tlsVersion = c.tlsVersion;
      autosaveInterval = c.autosaveInterval;
      autosaveOnChanges = c.autosaveOnChanges;
      maxQueuedMessages = c.maxQueuedMessages;
      maxQueuedBytes = c.maxQueuedBytes;
      maxInflightMessages = c.maxInflightMessages;
      maxPacketSize = c.maxPacketSize;
      messageSizeLimit = c.messageSizeLimit;
      runAsUser = c.runAsUser;
    }

    /** The plain listener's port (1 to 65535); default {@value MosquittoConfig#DEFAULT_PORT}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** No plain listener: only mutual TLS. */
    public Builder noPlainListener() {
      this.port = null;
      return this;
    }

    /** The address the plain listener binds, such as {@code 127.0.0.1}; null for all. */
    public Builder bindAddress(@Nullable String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /**
     * Whether the plain listener lets clients in without a user name (the first, open step);
     * default false, in which case clients log in with a password from {@link #passwordFile}.
     */
    public Builder allowAnonymous(boolean allowAnonymous) {
      this.allowAnonymous = allowAnonymous;
      return this;
    }

    /** The password file, relative; default {@value MosquittoConfig#DEFAULT_PASSWORD_FILE}. */
    public Builder passwordFile(String passwordFile) {
      this.passwordFile = passwordFile;
      return this;
    }

    /**
     * The ACL file, relative (usually {@value MosquittoConfig#DEFAULT_ACL_FILE}), or null for no
     * ACL (the default).
     */
    public Builder aclFile(@Nullable String aclFile) {
      this.aclFile = aclFile;
      return this;
    }

    /** The TLS listener's port (1 to 65535); default {@value MosquittoConfig#DEFAULT_TLS_PORT}. */
    public Builder tlsPort(int tlsPort) {
      this.tlsPort = tlsPort;
      return this;
    }

    /** No TLS listener: only the plain one (no certificates needed). */
    public Builder noTlsListener() {
      this.tlsPort = null;
      return this;
    }

    /** The address the TLS listener binds; null for all interfaces. */
    public Builder tlsBindAddress(@Nullable String tlsBindAddress) {
      this.tlsBindAddress = tlsBindAddress;
      return this;
    }

    /**
     * The PEM bundle that verifies client certificates, relative; default {@value
     * MosquittoConfig#DEFAULT_CA_FILE}.
     */
    public Builder caFile(String caFile) {
      this.caFile = caFile;
      return this;
    }

    /** The server certificate, relative; default {@value MosquittoConfig#DEFAULT_CERT_FILE}. */
    public Builder certFile(String certFile) {
      this.certFile = certFile;
      return this;
    }

    /** The server key, relative; default {@value MosquittoConfig#DEFAULT_KEY_FILE}. */
    public Builder keyFile(String keyFile) {
      this.keyFile = keyFile;
      return this;
    }

    /**
     * The CRL, relative, or null for none; default {@value MosquittoConfig#DEFAULT_CRL_FILE}.
     * Mosquitto refuses to start when the file is named but missing.
     */
    public Builder crlFile(@Nullable String crlFile) {
      this.crlFile = crlFile;
      return this;
    }

    /** The lowest TLS version: {@code tlsv1.2} (default) or {@code tlsv1.3}. */
    public Builder tlsVersion(String tlsVersion) {
      this.tlsVersion = tlsVersion;
      return this;
    }

    /**
     * Seconds between database saves (or changes between saves, see {@link #autosaveOnChanges});
     * default {@value MosquittoConfig#DEFAULT_AUTOSAVE_INTERVAL}.
     */
    public Builder autosaveInterval(int autosaveInterval) {
      this.autosaveInterval = autosaveInterval;
      return this;
    }

    /** Whether the autosave interval counts changes instead of seconds; default false. */
    public Builder autosaveOnChanges(boolean autosaveOnChanges) {
      this.autosaveOnChanges = autosaveOnChanges;
      return this;
    }

    /**
     * Saves the database after every change ({@code autosave_on_changes true}, {@code
     * autosave_interval 1}): for tests that restart the broker; costly under load.
     */
    public Builder saveOnEveryChange() {
      this.autosaveOnChanges = true;
      this.autosaveInterval = 1;
      return this;
    }

    /**
     * Queued QoS 1/2 messages per client, 0 for no limit; default {@value
     * MosquittoConfig#DEFAULT_MAX_QUEUED_MESSAGES}. Beyond it mosquitto drops messages silently.
     */
    public Builder maxQueuedMessages(int maxQueuedMessages) {
      this.maxQueuedMessages = maxQueuedMessages;
      return this;
    }

    /**
     * Queued bytes per client, 0 for no limit; default {@value
     * MosquittoConfig#DEFAULT_MAX_QUEUED_BYTES} (16 MiB).
     */
    public Builder maxQueuedBytes(long maxQueuedBytes) {
      this.maxQueuedBytes = maxQueuedBytes;
      return this;
    }

    /**
     * QoS 1/2 messages in flight per client, 0 for no limit; default {@value
     * MosquittoConfig#DEFAULT_MAX_INFLIGHT_MESSAGES}.
     */
    public Builder maxInflightMessages(int maxInflightMessages) {
      this.maxInflightMessages = maxInflightMessages;
      return this;
    }

    /** The largest packet in bytes (20 or more), or null for no limit (the default). */
    public Builder maxPacketSize(@Nullable Integer maxPacketSize) {
      this.maxPacketSize = maxPacketSize;
      return this;
    }

    /**
     * The largest publish payload in bytes, or null for no limit (the default). Mosquitto 2.0
     * prints a note recommending {@link #maxPacketSize} instead; prefer that.
     */
    public Builder messageSizeLimit(@Nullable Integer messageSizeLimit) {
      this.messageSizeLimit = messageSizeLimit;
      return this;
    }

    /**
     * The user mosquitto switches to when started as root ({@code user} option), or null for its
     * default, {@code mosquitto}. Set it to the owner of the broker directory: a root-started
     * mosquitto switches user before it opens the password file and keys, and as {@code mosquitto}
     * it could not read the owner's 0600 files. No effect when not started as root.
     */
    public Builder runAsUser(@Nullable String runAsUser) {
      this.runAsUser = runAsUser;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public MosquittoConfig build() {
      return new MosquittoConfig(this);
    }
  }
}
