package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.config.MosquittoConfFile;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unprivileged user a mosquitto started as root switches to (its {@code user} option, by
 * default {@code mosquitto}) before it reads keys, the password file and the ACL and before it
 * writes its log and persistence files; and what that user must own or be able to enter.
 */
final class BrokerUser {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerUser.class);
  private static final String DEFAULT_USER = "mosquitto";

  /** Files in the broker directory the broker reads after dropping privileges. */
  private static final List<String> BROKER_READ_FILES =
      List.of("config/.passwords", "config/acl", "certs/server.key", "certs/crl.pem");

  /** Directories the broker writes to; they are handed over with everything in them. */
  /** Options naming files the broker reads after it dropped to its user. */
  private static final Set<String> READ_OPTIONS =
      Set.of("password_file", "acl_file", "keyfile", "crlfile", "bridge_keyfile");

  private static final List<String> BROKER_WRITE_DIRS = List.of("data", "log");

  /** Directories inside the broker directory the broker must be able to enter, when present. */
  private static final List<String> BROKER_ENTER_DIRS = List.of("config", "certs", "bridges");

  private final String name;
  private final UserPrincipal user;
  private final Optional<GroupPrincipal> group;

  private BrokerUser(String name, UserPrincipal user, Optional<GroupPrincipal> group) {
    this.name = name;
    this.user = user;
    this.group = group;
  }

  /**
   * The user mosquitto will run as when this JVM runs as root and that user exists and is not root
   * itself; empty otherwise, and then mosquitto runs as the current user and nothing needs handing
   * over.
   */
  static Optional<BrokerUser> ifRunningAsRoot(MosquittoConfFile conf) {
    if (!isRoot()) {
      return Optional.empty();
    }
    String name = conf.user().orElse(DEFAULT_USER);
    if (name.equals("root")) {
      return Optional.empty();
    }
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    try {
      UserPrincipal user = lookup.lookupPrincipalByName(name);
      Optional<GroupPrincipal> group;
      try {
        // The user's own group by the usual convention (Debian creates mosquitto:mosquitto).
        group = Optional.of(lookup.lookupPrincipalByGroupName(name));
      } catch (UserPrincipalNotFoundException e) {
        group = Optional.empty();
      }
      return Optional.of(new BrokerUser(name, user, group));
    } catch (UserPrincipalNotFoundException e) {
      LOG.warn(
          "Running as root but there is no user '{}' for mosquitto to switch to; mosquitto will"
              + " fall back to 'nobody' or stop, see its log.",
          name);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static boolean isRoot() {
    try {
      // /proc/self belongs to this process's effective user.
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  String name() {
    return name;
  }

  /**
   * Fails unless this user can enter {@code brokerDir}, every directory above it, and the {@code
   * config/} and {@code certs/} directories in it.
   */
  void checkCanEnter(Path brokerDir) {
    Path real;
    try {
      real = brokerDir.toRealPath();
    } catch (IOException e) {
      throw new BrokerProcessException(
          BrokerProcessException.Reason.DIRECTORY_NOT_ACCESSIBLE,
          "Cannot resolve the broker directory " + brokerDir + ": " + e.getMessage() + ".",
          e);
    }
    List<Path> dirs = new ArrayList<>();
    for (Path dir = real; dir != null; dir = dir.getParent()) {
      dirs.add(0, dir);
    }
    for (String sub : BROKER_ENTER_DIRS) {
      Path dir = real.resolve(sub);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        dirs.add(dir);
      }
    }
    for (Path dir : dirs) {
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      if (view == null) {
        continue; // No POSIX permissions to reason about here.
      }
      PosixFileAttributes attributes;
      try {
        attributes = view.readAttributes();
      } catch (IOException e) {
        continue; // Whatever hides it from root hides it from mosquitto too; its log will tell.
      }
      if (!canEnter(attributes)) {
        String mode = octal(attributes.permissions());
        throw new BrokerProcessException(
            BrokerProcessException.Reason.DIRECTORY_NOT_ACCESSIBLE,
            "mosquitto runs as user '"
                + name
                + "' and cannot enter "
                + dir
                + " (mode "
                + mode
                + ", owner "
                + attributes.owner().getName()
                + "): run chmod o+x "
                + dir
                + " or use a directory under /srv or your home.");
      }
    }
  }

  private boolean canEnter(PosixFileAttributes attributes) {
    Set<PosixFilePermission> permissions = attributes.permissions();
    if (attributes.owner().equals(user)) {
      return permissions.contains(PosixFilePermission.OWNER_EXECUTE);
    }
    if (group.isPresent() && attributes.group().equals(group.get())) {
      return permissions.contains(PosixFilePermission.GROUP_EXECUTE);
    }
    return permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
  }

  /**
   * Gives this user the files mosquitto opens after dropping privileges: {@code data/} and {@code
   * log/} with their contents, {@code config/.passwords}, {@code config/acl}, {@code
   * certs/server.key}, {@code certs/crl.pem}, and the password, ACL, key and CRL files the config
   * names inside the broker directory. Modes are kept. CA keys ({@code *CA.key}, {@code ca/}) and
   * anything outside the broker directory are never touched, and symbolic links are not followed.
   */
  /** The password, ACL, key and CRL files the config names, as written, in reading order. */
  static List<String> brokerReadFiles(MosquittoConfFile conf) {
    List<String> files = new ArrayList<>();
    for (MosquittoConfFile.Option option : conf.options()) {
      if (READ_OPTIONS.contains(option.name()) && !option.value().isEmpty()) {
        files.add(option.value());
      }
    }
    return files;
  }

  void handOver(Path brokerDir, MosquittoConfFile conf) {
    Path dir = brokerDir.toAbsolutePath().normalize();
    Set<Path> targets = new LinkedHashSet<>();
    for (String sub : BROKER_WRITE_DIRS) {
      Path tree = dir.resolve(sub);
      if (Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> files = Files.walk(tree)) {
          files.forEach(targets::add);
        } catch (IOException e) {
          throw cannotHandOver(tree, e);
        }
      }
    }
    BROKER_READ_FILES.forEach(file -> targets.add(dir.resolve(file)));
    for (String file : brokerReadFiles(conf)) {
      Path path = dir.resolve(file).normalize();
      if (path.startsWith(dir)) {
        targets.add(path);
      }
    }
    for (Path target : targets) {
      String fileName = target.getFileName().toString();
      if (fileName.endsWith("CA.key")
          || target.startsWith(dir.resolve("ca"))
          || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      PosixFileAttributeView view =
          Files.getFileAttributeView(
              target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        continue;
      }
      try {
        if (!view.getOwner().equals(user)) {
          view.setOwner(user);
          LOG.debug("Gave {} to user '{}'", target, name);
        }
        if (group.isPresent() && !view.readAttributes().group().equals(group.get())) {
          view.setGroup(group.get());
        }
      } catch (IOException e) {
        throw cannotHandOver(target, e);
      }
    }
  }

  private BrokerProcessException cannotHandOver(Path path, IOException e) {
    return new BrokerProcessException(
        BrokerProcessException.Reason.FILE_ERROR,
        "Could not give "
            + path
            + " to user '"
            + name
            + "', who runs mosquitto: "
            + e.getMessage()
            + "; check that the broker directory is on a local file system that supports chown.",
        e);
  }

  static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return Integer.toOctalString(mode);
  }
}
