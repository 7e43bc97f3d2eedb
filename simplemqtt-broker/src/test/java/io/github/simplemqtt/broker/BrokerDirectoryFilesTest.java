package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the kit may write and delete: only its own directories, whole or not at all. */
class BrokerDirectoryFilesTest {
  @TempDir Path temp;

  static BrokerSettings settings() {
    return BrokerSettings.builder().hosts(List.of("127.0.0.1")).bindAddress("127.0.0.1").build();
  }

  @Test
  void forceLeavesAnUnrelatedFolderUntouched() throws Exception {
    Path unrelated = temp.resolve("photos");
    Files.createDirectories(unrelated.resolve("2026"));
    Files.writeString(unrelated.resolve("2026/beach.jpg"), "precious");

    for (boolean force : new boolean[] {false, true}) {
      assertThatThrownBy(() -> BrokerDirectory.create(unrelated, settings(), force))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not a simplemqtt broker directory")
          .hasMessageContaining("left untouched even with --force");
    }
    assertThat(Files.readString(unrelated.resolve("2026/beach.jpg"))).isEqualTo("precious");
    try (var siblings = Files.list(temp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("photos");
    }
  }

  @Test
  void forceLeavesAPlainFileUntouched() throws Exception {
    Path file = temp.resolve("notes.txt");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> BrokerDirectory.create(file, settings(), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a simplemqtt broker directory");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void forceReplacesAKitDirectoryAndAnEmptyFolderIsUsed() throws Exception {
    Path dir = temp.resolve("broker");
    BrokerDirectory first = BrokerDirectory.create(dir, settings(), false);
    byte[] firstRoot = Files.readAllBytes(first.pki().rootCertificate());
    assertThat(BrokerDirectory.isKitDirectory(dir)).isTrue();

    BrokerDirectory second = BrokerDirectory.create(dir, settings(), true);
    assertThat(Files.readAllBytes(second.pki().rootCertificate())).isNotEqualTo(firstRoot);

    Path empty = Files.createDirectory(temp.resolve("empty"));
    assertThat(BrokerDirectory.isKitDirectory(empty)).isFalse();
    BrokerDirectory.create(empty, settings(), false);
    assertThat(BrokerDirectory.isKitDirectory(empty)).isTrue();
  }

  @Test
  void openingAFolderThatIsNoBrokerDirectorySaysWhatAndWhatToDoApart() throws Exception {
    Path folder = Files.createDirectory(temp.resolve("plain"));

    BrokerDirectoryException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            BrokerDirectoryException.class, () -> BrokerDirectory.open(folder));

    assertThat(e).isInstanceOf(IllegalStateException.class);
    assertThat(e.problem()).isEqualTo(BrokerDirectoryException.Problem.NOT_A_BROKER_DIRECTORY);
    assertThat(e.file()).contains(folder.resolve(BrokerDirectory.SETTINGS_FILE));
    assertThat(e.what()).endsWith("is missing)");
    assertThat(e.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("create one with"));
    assertThat(e.getMessage()).isEqualTo(e.what() + "; " + e.fix().orElseThrow());
  }

  @Test
  void settingTheAclChangesOnlyTheAclLinesOfAnEditedConfig() throws Exception {
    BrokerDirectory directory = BrokerDirectory.create(temp.resolve("broker"), settings(), false);
    Path config = directory.configFile();
    String edited = Files.readString(config) + "# mine\nmax_keepalive 120\n";
    Files.writeString(config, edited);

    directory.setAcl(
        io.github.simplemqtt.broker.acl.AccessControlList.parse("user alice\ntopic readwrite #\n"));

    assertThat(directory.mosquittoConf().values("acl_file")).hasSize(2);
    assertThat(Files.readString(config)).contains("# mine\nmax_keepalive 120\n");

    directory.setAcl(io.github.simplemqtt.broker.acl.AccessControlList.empty());

    assertThat(Files.readString(config)).isEqualTo(edited);
  }
}
