package io.github.simplemqtt.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A full disk (simulated in the one atomic-write path) during {@code cert client}, {@code init} or
 * {@code user add} leaves the previous state: no partial bundle, no certificate recorded as issued
 * that nobody received, no half-made directory.
 */
@Isolated // the fault seam is process-wide
class DiskFullTest {
  @TempDir Path temp;

  @AfterEach
  void noMoreFaults() {
    AtomicFiles.writesBeforeDiskFull.set(-1);
  }

  private static void diskFullAtWrite(int nth) {
    AtomicFiles.writesBeforeDiskFull.set(nth - 1);
  }

  @Test
  void certClientFailingAtAnyFileLeavesNoBundleAndNoRecord() throws Exception {
    BrokerDirectory dir = BrokerDirectory.create(temp.resolve("broker"), Writer.settings(), false);
    List<String> before = serials(dir);
    // key, certificate, chain, the issued record: a full disk at each of them
    for (int nth = 1; nth <= 4; nth++) {
      diskFullAtWrite(nth);
      assertThatThrownBy(() -> dir.issueClient("carl", 30))
          .as("disk full at write %d", nth)
          .hasMessageContaining("disk is full")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      AtomicFiles.writesBeforeDiskFull.set(-1);
      assertThat(dir.clientDirectory("carl")).doesNotExist();
      try (Stream<Path> clients = Files.list(dir.path().resolve("clients"))) {
        assertThat(clients).as("no staging left after write %d", nth).isEmpty();
      }
      assertThat(serials(dir)).isEqualTo(before);
    }
  }

  @Test
  void reissueFailingKeepsTheOldBundle() throws Exception {
    BrokerDirectory dir = BrokerDirectory.create(temp.resolve("broker"), Writer.settings(), false);
    dir.issueClient("carl", 30);
    byte[] oldKey = Files.readAllBytes(dir.clientDirectory("carl").resolve("client.key"));
    byte[] oldCert = Files.readAllBytes(dir.clientDirectory("carl").resolve("client.crt"));

    // Re-issuing takes --replace, which issues the new certificate before revoking the old one.
    diskFullAtWrite(3);
    assertThatThrownBy(() -> dir.replaceClient("carl", dir.clientDirectory("carl"), 30))
        .hasMessageContaining("disk is full");
    AtomicFiles.writesBeforeDiskFull.set(-1);
    assertThat(dir.pki().list())
        .as("the old certificate stays valid when the new one could not be written")
        .noneMatch(info -> info.state() == CertificateInfo.State.REVOKED);

    assertThat(Files.readAllBytes(dir.clientDirectory("carl").resolve("client.key")))
        .isEqualTo(oldKey);
    assertThat(Files.readAllBytes(dir.clientDirectory("carl").resolve("client.crt")))
        .isEqualTo(oldCert);
  }

  @Test
  void userAddOnAFullDiskKeepsThePasswordFile() throws Exception {
    BrokerDirectory dir = BrokerDirectory.create(temp.resolve("broker"), Writer.settings(), false);
    dir.setPassword("alice", "secret".toCharArray());
    byte[] before = Files.readAllBytes(dir.passwordFile());

    diskFullAtWrite(1);
    assertThatThrownBy(() -> dir.setPassword("bob", "pw".toCharArray()))
        .hasMessageContaining("disk is full");

    assertThat(Files.readAllBytes(dir.passwordFile())).isEqualTo(before);
    try (Stream<Path> config = Files.list(dir.passwordFile().getParent())) {
      assertThat(config.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void initOnAFullDiskLeavesNothing() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("parent"));
    for (int nth : new int[] {1, 4, 9}) {
      diskFullAtWrite(nth);
      assertThatThrownBy(
              () -> BrokerDirectory.create(parent.resolve("broker"), Writer.settings(), false))
          .hasMessageContaining("disk is full");
      AtomicFiles.writesBeforeDiskFull.set(-1);
      try (Stream<Path> left = Files.list(parent)) {
        assertThat(left).as("after a full disk at write %d", nth).isEmpty();
      }
    }
  }

  private static List<String> serials(BrokerDirectory dir) {
    return dir.pki().list().stream().map(CertificateInfo::serialHex).toList();
  }
}
