package io.github.simplemqtt.broker.passwd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {
  @Test
  void hashingOnePasswordTwiceGivesTwoDifferentSaltsAndLines() {
    String first = PasswordHashes.pbkdf2("secret".toCharArray(), 1);
    String second = PasswordHashes.pbkdf2("secret".toCharArray(), 1);

    PasswordHashes.Hash firstHash = PasswordHashes.parse(first);
    PasswordHashes.Hash secondHash = PasswordHashes.parse(second);
    assertThat(first).isNotEqualTo(second);
    assertThat(firstHash.salt()).isNotEqualTo(secondHash.salt());
    assertThat(firstHash.hash()).isNotEqualTo(secondHash.hash());
    // Both still check: the salt is random, not the password.
    assertThat(PasswordHashes.matches(firstHash, "secret".toCharArray())).isTrue();
    assertThat(PasswordHashes.matches(secondHash, "secret".toCharArray())).isTrue();
  }

  @Test
  void theSaltIsNotAllZeroes() {
    PasswordHashes.Hash hash = PasswordHashes.parse(PasswordHashes.pbkdf2("x".toCharArray(), 1));

    assertThat(hash.salt()).hasSize(PasswordHashes.SALT_BYTES).isNotEqualTo(new byte[12]);
  }

  @Test
  void aHashOfOneIterationIsAcceptedAndZeroIsNot() {
    String oneIteration = PasswordHashes.pbkdf2("secret".toCharArray(), 1);
    String[] parts = oneIteration.split("\\$");

    assertThat(PasswordHashes.parse(oneIteration)).isNotNull();
    assertThat(PasswordHashes.parse("$7$0$" + parts[3] + "$" + parts[4])).isNull();
  }
}
