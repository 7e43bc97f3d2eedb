package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PkiOptionsTest {
  @Test
  void theDefaultsAreEcKeysNoPassphraseAndTwentyTenAndTwoAndAHalfYears() {
    PkiOptions options = PkiOptions.defaults();

    assertThat(options.keyType()).isEqualTo(KeyType.EC);
    assertThat(options.serverHosts()).isEmpty();
    assertThat(options.caPassphrase()).isNull();
    assertThat(options.rootCaDays()).isEqualTo(7300);
    assertThat(options.signingCaDays()).isEqualTo(3650);
    assertThat(options.serverDays()).isEqualTo(825);
    assertThat(options)
        .hasToString(
            "PkiOptions[keyType=EC, serverHosts=[], caPassphrase=none, rootCaDays=7300,"
                + " signingCaDays=3650, serverDays=825]");
  }

  @Test
  void toStringSaysAPassphraseIsSetButNeverShowsIt() {
    PkiOptions options =
        PkiOptions.builder()
            .keyType(KeyType.RSA)
            .serverHosts(List.of("10.0.0.5", "broker.lan"))
            .caPassphrase("hunter2".toCharArray())
            .rootCaDays(30)
            .signingCaDays(20)
            .serverDays(10)
            .build();

    assertThat(options)
        .hasToString(
            "PkiOptions[keyType=RSA, serverHosts=[10.0.0.5, broker.lan], caPassphrase=set,"
                + " rootCaDays=30, signingCaDays=20, serverDays=10]");
  }

  @Test
  void thePassphraseIsCopiedInAndOut() {
    char[] given = "hunter2".toCharArray();
    PkiOptions options = PkiOptions.builder().caPassphrase(given).build();

    given[0] = 'X';
    options.caPassphrase()[1] = 'Y';

    assertThat(options.caPassphrase()).containsExactly("hunter2".toCharArray());
  }

  @Test
  void aCertificateMayEndTogetherWithItsIssuerButNotAfterIt() {
    PkiOptions equal =
        PkiOptions.builder().rootCaDays(100).signingCaDays(100).serverDays(100).build();

    assertThat(equal.signingCaDays()).isEqualTo(100);
    assertThat(equal.serverDays()).isEqualTo(100);
    assertThatThrownBy(
            () -> PkiOptions.builder().rootCaDays(100).signingCaDays(101).serverDays(1).build())
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "A signing CA valid for 101 days would outlive the root CA (100 days); choose 100"
                + " days or fewer.");
    assertThatThrownBy(
            () -> PkiOptions.builder().rootCaDays(100).signingCaDays(100).serverDays(101).build())
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "A server certificate valid for 101 days would outlive the signing CA (100 days);"
                + " choose 100 days or fewer.");
  }

  @Test
  void everyValidityIsAtLeastOneDay() {
    List<IntFunction<PkiOptions.Builder>> setters =
        List.of(
            days -> PkiOptions.builder().rootCaDays(days),
            days -> PkiOptions.builder().signingCaDays(days),
            days -> PkiOptions.builder().serverDays(days));
    List<String> names = List.of("rootCaDays", "signingCaDays", "serverDays");

    for (int i = 0; i < setters.size(); i++) {
      IntFunction<PkiOptions.Builder> setter = setters.get(i);
      assertThatThrownBy(() -> setter.apply(0))
          .isInstanceOf(PkiException.class)
          .hasMessage(names.get(i) + " must be 1 or more; got 0.");
      assertThatThrownBy(() -> setter.apply(-5))
          .hasMessage(names.get(i) + " must be 1 or more; got -5.");
    }
    PkiOptions oneDay = PkiOptions.builder().rootCaDays(1).signingCaDays(1).serverDays(1).build();
    assertThat(List.of(oneDay.rootCaDays(), oneDay.signingCaDays(), oneDay.serverDays()))
        .containsOnly(1);
  }
}
