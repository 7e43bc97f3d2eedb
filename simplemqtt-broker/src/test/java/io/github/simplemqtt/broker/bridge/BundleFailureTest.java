package io.github.simplemqtt.broker.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.internal.DiskFaults;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link Bridges#issueBundle} writes the bundle in one step: a write failing anywhere leaves either
 * no bundle or a whole one (certificate files and bridge.properties), never part of one; and a
 * failure before the bundle is in place leaves the central as it was, with no certificate recorded
 * as issued that nobody received.
 */
@Isolated // the disk-full seam is process-wide
class BundleFailureTest {
  static final List<String> BUNDLE =
      List.of("bridge.properties", "chain.crt", "client.crt", "client.key");

  @TempDir Path temp;

  @AfterEach
  void noMoreFaults() {
    DiskFaults.none();
  }

  @Test
  void aFullDiskAtAnyWriteLeavesNoPartOfABundle() throws Exception {
    BrokerDirectory central =
        BrokerDirectory.create(
            temp.resolve("central"), BrokerSettings.defaults(List.of("127.0.0.1")), false);
    central.setAcl(AccessControlList.of(List.of(AclRule.forUser("alice", AclAccess.READ, "#"))));

    int nth = 1;
    for (; nth < 50; nth++) {
      String identity = "site" + nth;
      Path parent = Files.createDirectory(temp.resolve("outs" + nth));
      Path out = parent.resolve("bundle");
      Map<String, String> before = FileTree.of(central.path());
      DiskFaults.diskFullAtWrite(nth);
      Throwable failure =
          catchThrowable(() -> Bridges.issueBundle(central, identity, BridgesTest.OUT, out, false));
      DiskFaults.none();
      if (failure == null) {
        assertThat(names(out)).containsExactlyElementsOf(BUNDLE);
        break; // every write went through
      }
      assertThat(failure).as("write %d", nth).hasMessageContaining("because the disk is full");
      assertThat(names(parent))
          .as("after a full disk at write %d: no staging folder, no part of a bundle", nth)
          .isSubsetOf("bundle");
      if (Files.exists(out)) {
        // Failed later (the CRL, the ACL): the bundle in place is whole.
        assertThat(names(out)).as("write %d", nth).containsExactlyElementsOf(BUNDLE);
      } else {
        assertThat(FileTree.of(central.path())).as("write %d", nth).isEqualTo(before);
        assertThat(central.pki().list())
            .extracting(CertificateInfo::commonName)
            .doesNotContain(identity);
      }
    }
    // key, certificate, chain, bridge.properties and the record of the certificate come first
    assertThat(nth).as("the first write count that lets issueBundle through").isGreaterThan(5);
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
