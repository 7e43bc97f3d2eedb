package io.github.simplemqtt.broker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;

/**
 * A systemd service unit ({@value #FILE_NAME}) that runs mosquitto on a broker directory: in that
 * directory (mosquitto.conf's paths are relative to it), as the directory's owner (so the 0600 key
 * and password file stay readable and mosquitto has no privileges to drop), restarted on failure
 * and reloaded with SIGHUP.
 *
 * <p>If the owner is root, mosquitto starts as root and switches to the {@code mosquitto} user
 * before reading its files, unless the configuration says otherwise; render the configuration with
 * {@link MosquittoConfig.Builder#runAsUser(String)} set to the owner.
 *
 * @param brokerDirectory the broker directory, absolute
 * @param user the user to run as (the directory's owner)
 * @param group the group to run as (the directory's group)
 * @param mosquittoExecutable the mosquitto binary, absolute
 */
public record SystemdUnit(
    Path brokerDirectory, String user, String group, Path mosquittoExecutable) {
  /** The unit's file name; install it in {@code /etc/systemd/system/}. */
  public static final String FILE_NAME = "simplemqtt-mosquitto.service";

  /** Where Debian, Ubuntu and Raspberry Pi OS install mosquitto. */
  public static final Path DEFAULT_MOSQUITTO = Path.of("/usr/sbin/mosquitto");

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException saying which value the unit file cannot hold
   */
  public SystemdUnit {
    checkPath("brokerDirectory", brokerDirectory);
    checkPath("mosquittoExecutable", mosquittoExecutable);
    checkName("user", user);
    checkName("group", group);
  }

  /**
   * A unit for {@code brokerDirectory} running {@link #DEFAULT_MOSQUITTO} as {@code user:group}.
   */
  public static SystemdUnit of(Path brokerDirectory, String user, String group) {
    return new SystemdUnit(brokerDirectory, user, group, DEFAULT_MOSQUITTO);
  }

  /**
   * A unit for {@code brokerDirectory} (made absolute) running {@link #DEFAULT_MOSQUITTO} as the
   * directory's owner and group.
   *
   * @throws UncheckedIOException naming the directory when its owner cannot be read
   */
  public static SystemdUnit forDirectory(Path brokerDirectory) {
    Path directory = brokerDirectory.toAbsolutePath().normalize();
    try {
      PosixFileAttributes attributes =
          Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return of(directory, attributes.owner().getName(), attributes.group().getName());
    } catch (IOException | UnsupportedOperationException e) {
      throw new UncheckedIOException(
          "Could not read the owner of " + directory + " for the systemd unit: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The unit file text; the same values always give the same text. */
  public String render() {
    String dir = brokerDirectory.toString();
    StringBuilder out = new StringBuilder();
    out.append("# systemd unit for the mosquitto broker in ").append(dir).append(",\n");
    out.append("# written by simplemqtt. Install: copy to /etc/systemd/system/").append(FILE_NAME);
    out.append(",\n# then 'systemctl daemon-reload' and 'systemctl enable --now ");
    out.append(FILE_NAME).append("'.\n");
    out.append("[Unit]\n");
    out.append("Description=Mosquitto MQTT broker (simplemqtt, ").append(dir).append(")\n");
    out.append("Documentation=man:mosquitto(8) man:mosquitto.conf(5)\n");
    out.append("After=network-online.target\n");
    out.append("Wants=network-online.target\n");
    out.append('\n');
    out.append("[Service]\n");
    out.append("Type=simple\n");
    out.append("# The owner of the broker directory: its 0600 key and password file stay\n");
    out.append("# readable, and mosquitto has no root privileges to drop.\n");
    out.append("User=").append(user).append('\n');
    out.append("Group=").append(group).append('\n');
    out.append("# mosquitto.conf names its files relative to the broker directory.\n");
    out.append("WorkingDirectory=").append(dir).append('\n');
    out.append("ExecStart=")
        .append(mosquittoExecutable)
        .append(" -c ")
        .append(brokerDirectory.resolve(MosquittoConfig.CONFIG_FILE))
        .append('\n');
    out.append("# SIGHUP re-reads the configuration, password file, ACL and CRL.\n");
    out.append("ExecReload=/bin/kill -HUP $MAINPID\n");
    out.append("Restart=on-failure\n");
    out.append("RestartSec=5\n");
    out.append("# Every client connection is an open file; systemd's default soft limit of 1024\n");
    out.append("# would refuse clients beyond about a thousand.\n");
    out.append("LimitNOFILE=65536\n");
    out.append("# Hardening: no privilege gain, /usr, /boot and /etc read-only, a private /tmp;\n");
    out.append("# data/ and log/ stay writable even under /etc. No ProtectHome: the broker\n");
    out.append("# directory may well be in /home.\n");
    out.append("NoNewPrivileges=true\n");
    out.append("ProtectSystem=full\n");
    out.append("PrivateTmp=true\n");
    out.append("ReadWritePaths=")
        .append(brokerDirectory.resolve("data"))
        .append(' ')
        .append(brokerDirectory.resolve("log"))
        .append('\n');
    out.append('\n');
    out.append("[Install]\n");
    out.append("WantedBy=multi-user.target\n");
    return out.toString();
  }

  private static void checkPath(String name, Path path) {
    Objects.requireNonNull(path, name);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(
          name + " must be an absolute path for systemd, not '" + path + "'.");
    }
    String text = path.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)
          || Character.isISOControl(c)
          || c == '%'
          || c == '"'
          || c == '\''
          || c == '\\'
          || c == '$') {
        throw new IllegalArgumentException(
            name
                + " '"
                + text.replaceAll("\\p{Cntrl}", "?")
                + "' contains a blank, a quote, '%', '$', '\\' or a control character, which a"
                + " systemd unit would read specially; use a path without them.");
      }
    }
  }

  private static void checkName(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!value.matches("[A-Za-z0-9_][A-Za-z0-9_.@-]*\\$?")) {
      throw new IllegalArgumentException(
          name
              + " '"
              + value.replaceAll("\\p{Cntrl}", "?")
              + "' is not a valid Unix user or group name.");
    }
  }
}
