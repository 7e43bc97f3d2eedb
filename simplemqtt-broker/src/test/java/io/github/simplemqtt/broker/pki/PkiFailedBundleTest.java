package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.T0;
import static io.github.simplemqtt.broker.pki.PkiFixtures.at;
import static io.github.simplemqtt.broker.pki.PkiFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.internal.DiskFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A client bundle that cannot be written whole leaves what was there before: no partial bundle, no
 * staging folder holding a private key, and no certificate recorded as issued that nobody received.
 */
@Isolated // the disk-full seam is process-wide
class PkiFailedBundleTest {
  @TempDir Path brokerDir;
  private Path clients;
  private Pki pki;

  @BeforeEach
  void createPki() throws Exception {
    pki = Pki.create(brokerDir.resolve("certs"), PkiOptions.builder().clock(at(T0)).build());
    clients = Files.createDirectory(brokerDir.resolve("clients"));
  }

  @AfterEach
  void noMoreFaults() {
    DiskFaults.none();
  }

  @Test
  void aFullDiskAtAnyFileOfTheBundleLeavesEverythingAsItWas() throws Exception {
    Map<String, String> before = snapshot(brokerDir);
    // client.key, client.crt, chain.crt, then the record in issued/
    for (int nth = 1; nth <= 4; nth++) {
      DiskFaults.diskFullAtWrite(nth);

      assertThatThrownBy(() -> pki.issueClient("carl", clients.resolve("carl"), 30))
          .as("disk full at write %d", nth)
          .isInstanceOf(PkiException.class)
          .hasMessageContaining("because the disk is full")
          // said once, not wrapped in a second "Could not write"
          .satisfies(e -> assertThat(e.getMessage()).containsOnlyOnce("Could not write"));
      DiskFaults.none();
      assertThat(entries(clients)).as("after write %d", nth).isEmpty();
      assertThat(snapshot(brokerDir)).as("after write %d", nth).isEqualTo(before);
    }
  }

  @Test
  void aFullDiskWhileReplacingABundleKeepsTheOldOne() throws Exception {
    pki.issueClient("carl", clients.resolve("carl"), 30);
    Map<String, String> before = snapshot(brokerDir);

    DiskFaults.diskFullAtWrite(2);
    assertThatThrownBy(() -> pki.issueClient("carl", clients.resolve("carl"), 30))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("because the disk is full");
    DiskFaults.none();

    assertThat(entries(clients)).containsExactly("carl");
    assertThat(snapshot(brokerDir)).isEqualTo(before);
  }

  @Test
  void aBundleThatCannotBeMovedIntoPlaceIsNotRecordedAsIssued() throws Exception {
    // A link to a folder that is gone (an unmounted stick): the finished bundle cannot be renamed
    // onto it, after the certificate was recorded. The record is taken back.
    Path gone = clients.resolve("carl");
    Files.createSymbolicLink(gone, brokerDir.resolve("unmounted/carl"));
    Map<String, String> before = snapshot(brokerDir);

    assertThatThrownBy(() -> pki.issueClient("carl", gone, 30))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith("Could not write " + gone + ": ");

    assertThat(entries(clients)).containsExactly("carl");
    assertThat(Files.isSymbolicLink(gone)).isTrue();
    assertThat(snapshot(brokerDir)).isEqualTo(before);
    assertThat(pki.list()).extracting(CertificateInfo::commonName).doesNotContain("carl");
  }

  @Test
  void anExtraFileNamedLikeAPathOrLikeTheBundlesOwnFilesIsRefusedBeforeAnythingIsWritten()
      throws Exception {
    Map<String, String> before = snapshot(brokerDir);
    for (String name : List.of("../escape", "sub/file", ".hidden", "client.key", "")) {
      assertThatThrownBy(
              () -> pki.issueClient("carl", clients.resolve("carl"), 30, Map.of(name, "x")))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "An extra file of a client bundle needs a plain name of its own, not '"
                  + name
                  + "'.");
    }
    assertThat(entries(clients)).isEmpty();
    assertThat(snapshot(brokerDir)).isEqualTo(before);
  }

  private static List<String> entries(Path folder) throws Exception {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
