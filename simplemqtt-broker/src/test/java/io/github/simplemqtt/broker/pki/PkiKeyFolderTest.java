package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.T0;
import static io.github.simplemqtt.broker.pki.PkiFixtures.at;
import static io.github.simplemqtt.broker.pki.PkiFixtures.permissions;
import static io.github.simplemqtt.broker.pki.PkiFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PKI whose CA keys live in a folder of their own, apart from the certificates. */
class PkiKeyFolderTest {
  @TempDir Path brokerDir;

  @Test
  void createPutsTheCaKeysInAPrivateFolderAndOpenReadsThemFromThere() throws Exception {
    Path certs = brokerDir.resolve("certs");
    Path keys = brokerDir.resolve("ca");

    Pki pki = Pki.create(certs, keys, PkiOptions.builder().clock(at(T0)).build());

    assertThat(pki.keyDirectory()).isEqualTo(keys);
    assertThat(permissions(keys)).isEqualTo("rwx------");
    for (String name : Pki.CA_KEY_FILES) {
      assertThat(permissions(keys.resolve(name))).as(name).isEqualTo("rw-------");
      assertThat(certs.resolve(name)).doesNotExist();
    }
    assertThat(permissions(certs.resolve("server.key"))).isEqualTo("rw-------");
    Pki reopened = Pki.open(certs, keys, null, at(T0));
    assertThat(reopened.isLocked()).isFalse();
    assertThat(reopened.issueClient("bob", brokerDir.resolve("bob"), 30).keyFile()).exists();
  }

  @Test
  void openWithoutTheKeyFolderNamesTheMissingKey() {
    Path certs = brokerDir.resolve("certs");
    Pki.create(certs, brokerDir.resolve("ca"), PkiOptions.builder().clock(at(T0)).build());

    assertThatThrownBy(() -> Pki.open(certs, null, at(T0)))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining(certs.resolve("rootCA.key").toString());
  }

  @Test
  void aLockedPkiNamesTheSigningKeyInItsKeyFolder() {
    Path certs = brokerDir.resolve("certs");
    Path keys = brokerDir.resolve("ca");
    Pki.create(
        certs,
        keys,
        PkiOptions.builder().clock(at(T0)).caPassphrase("s3cret".toCharArray()).build());

    Pki locked = Pki.open(certs, keys, null, at(T0));

    assertThat(locked.isLocked()).isTrue();
    assertThatThrownBy(() -> locked.revoke("bob"))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            keys.resolve("signingCA.key")
                + " is encrypted; give the CA passphrase to issue or revoke.");
    assertThat(Pki.open(certs, keys, "s3cret".toCharArray(), at(T0)).isLocked()).isFalse();
  }

  @Test
  void createRefusesAKeyFolderThatAlreadyHoldsACaKeyAndWritesNothing() throws Exception {
    Path keys = brokerDir.resolve("ca");
    Files.createDirectories(keys);
    Files.writeString(keys.resolve("signingCA.key"), "another CA's key\n");
    Map<String, String> before = snapshot(brokerDir);

    assertThatThrownBy(
            () -> Pki.create(brokerDir.resolve("certs"), keys, PkiOptions.builder().build()))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            keys
                + " already holds a PKI (signingCA.key exists); open it, or move the folder away"
                + " to start over.");
    assertThat(snapshot(brokerDir)).isEqualTo(before);
    assertThat(brokerDir.resolve("certs")).doesNotExist();
  }
}
