package io.github.simplemqtt.broker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The broker directory's {@code docker-compose.yml}: the official {@code eclipse-mosquitto} image
 * running the directory's own {@code config/mosquitto.conf}.
 *
 * <p>The directory's {@code config}, {@code certs}, {@code data} and {@code log} folders are
 * mounted under {@code /mosquitto}, which is the container's working directory, so the relative
 * paths in mosquitto.conf resolve to the same files as on the host. ({@code clients/} stays out:
 * the broker needs none of it; nor {@code ca/}, whose CA keys would let it mint certificates.) The
 * container runs as the numeric owner of the directory, so it reads the 0600 key and password file
 * as their owner and nobody has to chown the folder.
 *
 * @param config the broker settings (ports, bind addresses, paths)
 * @param uid the numeric user id owning the broker directory
 * @param gid the numeric group id of the broker directory
 * @param image the image, pinned to an exact tag
 */
public record DockerCompose(MosquittoConfig config, int uid, int gid, String image) {
  /** The file's name in the broker directory. */
  public static final String FILE_NAME = "docker-compose.yml";

  /** The official image, pinned so an upgrade is a deliberate change. */
  public static final String DEFAULT_IMAGE = "eclipse-mosquitto:2.0.22";

  /** Where the container sees the broker directory; also its working directory. */
  public static final String CONTAINER_DIRECTORY = "/mosquitto";

  /** The broker directory's folders mounted into the container, in mount order. */
  public static final List<String> MOUNTED_DIRECTORIES = List.of("config", "certs", "data", "log");

  /**
   * Checks the values, and that every file mosquitto.conf names lies in a mounted folder.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public DockerCompose {
    Objects.requireNonNull(config, "config");
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException(
          "uid and gid must be 0 or more, not " + uid + ":" + gid + ".");
    }
    Objects.requireNonNull(image, "image");
    if (image.isEmpty() || !image.matches("[A-Za-z0-9._/:@-]+")) {
      throw new IllegalArgumentException(
          "The image '" + image + "' is not a Docker image name such as " + DEFAULT_IMAGE + ".");
    }
    for (String path : config.paths()) {
      String folder = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
      if (!MOUNTED_DIRECTORIES.contains(folder)) {
        throw new IllegalArgumentException(
            "mosquitto.conf names '"
                + path
                + "', which is outside the folders mounted into the container ("
                + String.join(", ", MOUNTED_DIRECTORIES)
                + "); move it into one of them.");
      }
    }
  }

  /** The compose file for {@code config}, run as {@code uid:gid}, with {@link #DEFAULT_IMAGE}. */
  public static DockerCompose of(MosquittoConfig config, int uid, int gid) {
    return new DockerCompose(config, uid, gid, DEFAULT_IMAGE);
  }

  /**
   * The compose file for {@code config}, run as the numeric owner and group of {@code
   * brokerDirectory}.
   *
   * @throws UncheckedIOException naming the directory when its owner cannot be read (for example on
   *     a file system without Unix owners)
   */
  public static DockerCompose forDirectory(MosquittoConfig config, Path brokerDirectory) {
    try {
      int uid = (Integer) Files.getAttribute(brokerDirectory, "unix:uid");
      int gid = (Integer) Files.getAttribute(brokerDirectory, "unix:gid");
      return of(config, uid, gid);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UncheckedIOException(
          "Could not read the numeric owner of "
              + brokerDirectory
              + " for the Docker user: "
              + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The docker-compose.yml text; the same values always give the same text. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Docker Compose file for this broker directory, written by simplemqtt.\n");
    out.append("# Start with 'docker compose up -d' here; the log is log/mosquitto.log.\n");
    out.append("services:\n");
    out.append("  mosquitto:\n");
    out.append("    image: ").append(image).append('\n');
    if (uid == 0) {
      out.append(
          "    # The broker directory belongs to root, so the container starts as root and\n");
      out.append(
          "    # the image's entrypoint chowns the mounted folders (on the host too) to its\n");
      out.append("    # own mosquitto user before mosquitto starts.\n");
    } else {
      out.append("    # Run as the owner of this directory, so mosquitto reads the 0600 key and\n");
      out.append("    # password file as their owner and nobody has to chown the folder. (The\n");
      out.append("    # image's entrypoint chowns /mosquitto and drops privileges only when it\n");
      out.append("    # starts as root.)\n");
    }
    out.append("    user: \"").append(uid).append(':').append(gid).append("\"\n");
    out.append("    # mosquitto.conf names its files relative to this directory.\n");
    out.append("    working_dir: ").append(CONTAINER_DIRECTORY).append('\n');
    out.append("    command: [\"mosquitto\", \"-c\", \"")
        .append(CONTAINER_DIRECTORY)
        .append('/')
        .append(MosquittoConfig.CONFIG_FILE)
        .append("\"]\n");
    if (config.bindAddress() != null || config.tlsBindAddress() != null) {
      out.append(
          "    # The listeners bind given addresses, which exist only in the host's network,\n");
      out.append("    # so the container shares that network instead of mapping ports.\n");
      out.append("    network_mode: host\n");
    } else {
      out.append("    ports:\n");
      for (Integer port : new Integer[] {config.port(), config.tlsPort()}) {
        if (port != null) {
          out.append("      - \"").append(port).append(':').append(port).append("\"\n");
        }
      }
    }
    out.append("    volumes:\n");
    for (String folder : MOUNTED_DIRECTORIES) {
      out.append("      - ./")
          .append(folder)
          .append(':')
          .append(CONTAINER_DIRECTORY)
          .append('/')
          .append(folder)
          .append('\n');
    }
    out.append("    restart: unless-stopped\n");
    out.append("    # Every client connection is an open file.\n");
    out.append("    ulimits:\n");
    out.append("      nofile: 65536\n");
    return out.toString();
  }
}
