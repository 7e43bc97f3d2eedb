package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerComposeTest {
  private static final Pattern VOLUME = Pattern.compile("^ {6}- (\\./[^:]+):(/[^:]+)$");
  private static final Pattern WORKING_DIR = Pattern.compile("^ {4}working_dir: (\\S+)$");
  private static final Pattern COMMAND = Pattern.compile("^ {4}command: \\[(.*)]$");

  /** mosquitto.conf options whose value is a path, and where in the value the path is. */
  private static final Map<String, Integer> PATH_OPTIONS =
      Map.of(
          "password_file", 1,
          "acl_file", 1,
          "cafile", 1,
          "certfile", 1,
          "keyfile", 1,
          "crlfile", 1,
          "persistence_location", 1,
          "log_dest", 2);

  @Test
  void rendersTheComposeFile() {
    DockerCompose compose = DockerCompose.of(MosquittoConfigTest.PASSWORD_AND_TLS, 1000, 1000);

    Golden.assertMatches("docker-compose.yml", compose.render());
  }

  @Test
  void everyPathInMosquittoConfResolvesInsideAMount() {
    for (MosquittoConfig config : MosquittoConfigTest.ALL) {
      String yaml = DockerCompose.of(config, 1000, 1000).render();
      Map<String, String> mounts = volumes(yaml); // container path -> host path
      String workingDir = single(WORKING_DIR, yaml);
      assertThat(workingDir).isEqualTo("/mosquitto");
      assertThat(mounts)
          .containsEntry("/mosquitto/config", "./config")
          .containsEntry("/mosquitto/certs", "./certs")
          .containsEntry("/mosquitto/data", "./data")
          .containsEntry("/mosquitto/log", "./log");

      List<String> paths = confPaths(config.render());
      assertThat(paths).as("paths named in mosquitto.conf").hasSizeGreaterThanOrEqualTo(2);
      String command = single(COMMAND, yaml);
      paths.add(command.replaceAll(".*\"-c\", \"([^\"]+)\".*", "$1"));
      for (String path : paths) {
        Path inContainer = Path.of(workingDir).resolve(path).normalize();
        String mount =
            mounts.keySet().stream()
                .filter(m -> inContainer.startsWith(Path.of(m)))
                .findFirst()
                .orElse(null);
        assertThat(mount).as("mount holding %s (%s)", path, inContainer).isNotNull();
        // The same relative path, seen from the broker directory on the host, is the mounted one.
        Path onHost = Path.of(mounts.get(mount)).resolve(Path.of(mount).relativize(inContainer));
        assertThat(onHost.normalize())
            .isEqualTo(
                Path.of(path.startsWith("/mosquitto/") ? path.substring(11) : path).normalize());
      }
    }
  }

  @Test
  void mapsEachListenersPort() {
    String yaml = DockerCompose.of(MosquittoConfigTest.PASSWORD_AND_TLS, 1000, 1000).render();
    assertThat(yaml).contains("      - \"1883:1883\"\n      - \"8883:8883\"\n");

    String anonymous = DockerCompose.of(MosquittoConfigTest.ANONYMOUS_ONLY, 1000, 1000).render();
    assertThat(anonymous).contains("      - \"1883:1883\"\n").doesNotContain("8883");
  }

  @Test
  void sharesTheHostNetworkWhenListenersBindAnAddress() {
    String yaml = DockerCompose.of(MosquittoConfigTest.TLS_ONLY, 1000, 1000).render();

    assertThat(yaml).contains("    network_mode: host\n").doesNotContain("ports:");
  }

  @Test
  void runsAsTheGivenOwnerAndExplainsRoot() {
    String user = DockerCompose.of(MosquittoConfigTest.PASSWORD_AND_TLS, 1001, 1002).render();
    assertThat(user).contains("    user: \"1001:1002\"\n").contains("owner of this directory");

    String root = DockerCompose.of(MosquittoConfigTest.PASSWORD_AND_TLS, 0, 0).render();
    assertThat(root).contains("    user: \"0:0\"\n").contains("belongs to root");
  }

  @Test
  void readsTheDirectorysNumericOwner(@TempDir Path dir) throws Exception {
    DockerCompose compose = DockerCompose.forDirectory(MosquittoConfigTest.ANONYMOUS_ONLY, dir);

    assertThat(compose.uid()).isEqualTo(Files.getAttribute(dir, "unix:uid"));
    assertThat(compose.gid()).isEqualTo(Files.getAttribute(dir, "unix:gid"));
    assertThat(compose.image()).isEqualTo("eclipse-mosquitto:2.0.22");
  }

  @Test
  void refusesFilesOutsideTheMounts() {
    MosquittoConfig config =
        MosquittoConfig.builder().passwordFile("secrets/passwords").noTlsListener().build();

    assertThatThrownBy(() -> DockerCompose.of(config, 1000, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secrets/passwords'")
        .hasMessageContaining("config, certs, data, log");
    assertThatThrownBy(() -> DockerCompose.of(MosquittoConfigTest.ANONYMOUS_ONLY, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new DockerCompose(MosquittoConfigTest.ANONYMOUS_ONLY, 1, 1, "bad image"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad image'");
  }

  private static Map<String, String> volumes(String yaml) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (String line : yaml.lines().toList()) {
      Matcher m = VOLUME.matcher(line);
      if (m.matches()) {
        mounts.put(m.group(2), m.group(1));
      }
    }
    return mounts;
  }

  private static String single(Pattern pattern, String yaml) {
    List<String> found = new ArrayList<>();
    for (String line : yaml.lines().toList()) {
      Matcher m = pattern.matcher(line);
      if (m.matches()) {
        found.add(m.group(1));
      }
    }
    assertThat(found).as("lines matching %s", pattern).hasSize(1);
    return found.get(0);
  }

  /** Every path-valued option's path, read from the rendered text itself. */
  private static List<String> confPaths(String conf) {
    List<String> paths = new ArrayList<>();
    for (String option : MosquittoConfigTest.options(conf)) {
      String[] words = option.split(" ");
      Integer index = PATH_OPTIONS.get(words[0]);
      if (index != null) {
        if (words[0].equals("log_dest")) {
          assertThat(words[1]).isEqualTo("file");
        }
        assertThat(words).as(option).hasSize(index + 1);
        paths.add(words[index]);
      }
    }
    return paths;
  }

  @Test
  void aDirectoryWhoseOwnerCannotBeReadIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(
            () -> DockerCompose.forDirectory(MosquittoConfigTest.ANONYMOUS_ONLY, missing))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("Could not read the numeric owner of " + missing)
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
