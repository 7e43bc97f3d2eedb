package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.simplemqtt.broker.pki.CertificateInfo.State;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateInfoTest {
  @Test
  void onlyValidAndExpiringCertificatesAreUsable() {
    Map<State, Boolean> usable = new EnumMap<>(State.class);
    for (State state : State.values()) {
      usable.put(state, state.usable());
    }

    // Every state, so that a new one has to be decided on here.
    assertThat(usable)
        .containsExactly(
            entry(State.VALID, true),
            entry(State.EXPIRING, true),
            entry(State.EXPIRED, false),
            entry(State.REVOKED, false),
            entry(State.NOT_YET_VALID, false));
  }
}
