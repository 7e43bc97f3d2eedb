package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.T0;
import static io.github.simplemqtt.broker.pki.PkiFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crl.pem and its copy: signed, written, read back, checked against the CA. */
class RevocationListTest {
  static HeldCertificate ca;
  static HeldCertificate otherCa;

  @TempDir Path temp;

  @BeforeAll
  static void cas() {
    ca = ca("Signing CA", 30);
    otherCa = ca("Another CA", 30);
  }

  private static HeldCertificate ca(String name, int days) {
    return HeldCertificate.builder()
        .clock(at(T0))
        .commonName(name)
        .keyType(KeyType.EC)
        .validityDays(days)
        .certificateAuthority(0)
        .build();
  }

  private RevocationList list(HeldCertificate issuer) {
    return new RevocationList(
        temp.resolve("crl.pem"),
        temp.resolve("issued-crl.pem"),
        issuer.certificate(),
        temp.resolve("signingCA.crt"));
  }

  @Test
  void anEmptyListIsSignedNumberedAndEndsWithTheCa() {
    RevocationList list = list(ca);

    list.write(list.sign(RevocationList.Crl.EMPTY, ca, T0, Duration.ofDays(365)));
    RevocationList.Crl read = list.read();

    assertThat(read.entries()).isEmpty();
    assertThat(read.number()).isEqualTo(BigInteger.ONE);
    // 365 days asked for, but the CA ends after 30: the CRL may not outlive its issuer.
    assertThat(read.nextUpdate()).isEqualTo(ca.certificate().getNotAfter().toInstant());
    assertThat(read.thisUpdate()).isBefore(T0.plusSeconds(1));
  }

  @Test
  void revocationsAddUpAndTheCopyStandsInForADeletedCrlPem() throws Exception {
    RevocationList list = list(ca);
    RevocationList.Crl two =
        RevocationList.Crl.EMPTY.plus(List.of(BigInteger.TEN, BigInteger.TWO), T0.plusMillis(1));
    list.write(list.sign(two, ca, T0, Duration.ofDays(7)));

    Files.delete(temp.resolve("crl.pem"));
    RevocationList.Crl read = list.read();

    assertThat(read.isRevoked(BigInteger.TEN)).isTrue();
    assertThat(read.isRevoked(BigInteger.ONE)).isFalse();
    assertThat(read.revoked()).containsEntry(BigInteger.TWO, T0);
    assertThat(read.nextUpdate()).isEqualTo(T0.plus(Duration.ofDays(7)));

    Files.delete(temp.resolve("issued-crl.pem"));
    assertThat(list.read()).isEqualTo(RevocationList.Crl.EMPTY);
  }

  @Test
  void aListAnotherCaSignedIsRefusedNamingTheFile() {
    list(otherCa)
        .write(list(otherCa).sign(RevocationList.Crl.EMPTY, otherCa, T0, Duration.ofDays(7)));

    PkiException e = catchThrowableOfType(PkiException.class, () -> list(ca).read());

    assertThat(e.problem()).isEqualTo(PkiException.Problem.MISMATCH);
    assertThat(e.file()).contains(temp.resolve("crl.pem"));
    assertThat(e.what())
        .contains("was not issued by the signing CA in " + temp.resolve("signingCA.crt"));
    assertThat(e.fix()).contains("restore it from a backup.");
  }

  @Test
  void anExpiredCaSignsNoList() {
    PkiException e =
        catchThrowableOfType(
            PkiException.class,
            () ->
                list(ca)
                    .sign(
                        RevocationList.Crl.EMPTY,
                        ca,
                        T0.plus(Duration.ofDays(31)),
                        Duration.ofDays(7)));

    assertThat(e).hasMessageStartingWith("The signing CA expired on ");
  }
}
