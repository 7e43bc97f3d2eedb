package io.github.simplemqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.tls.testing.TestCertificates;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class KeysTest {
  private static KeyPair generate(String algorithm, int size) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(size);
    return generator.generateKeyPair();
  }

  @Test
  void halvesOfOneKeyPairBelongTogetherAndOthersDoNot() throws Exception {
    KeyPair ec = TestCertificates.ecKeyPair();
    KeyPair otherEc = TestCertificates.ecKeyPair();
    KeyPair rsa = generate("RSA", 2048);
    KeyPair otherRsa = generate("RSA", 2048);

    assertThat(Keys.belongTogether(ec.getPrivate(), ec.getPublic())).isTrue();
    assertThat(Keys.belongTogether(ec.getPrivate(), otherEc.getPublic())).isFalse();
    assertThat(Keys.belongTogether(rsa.getPrivate(), rsa.getPublic())).isTrue();
    assertThat(Keys.belongTogether(rsa.getPrivate(), otherRsa.getPublic())).isFalse();
    assertThat(Keys.belongTogether(ec.getPrivate(), rsa.getPublic())).isFalse();
    assertThat(Keys.belongTogether(rsa.getPrivate(), ec.getPublic())).isFalse();
  }

  @Test
  void aKeyOnAnotherCurveDoesNotBelong() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();

    assertThat(Keys.belongTogether(p384.getPrivate(), TestCertificates.ecKeyPair().getPublic()))
        .isFalse();
  }

  @Test
  void dsaAndEdwardsKeysAreCheckedBySigningToo() throws Exception {
    KeyPair dsa = generate("DSA", 2048);
    KeyPair otherDsa = generate("DSA", 2048);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair otherEd = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    assertThat(Keys.belongTogether(dsa.getPrivate(), dsa.getPublic())).isTrue();
    assertThat(Keys.belongTogether(dsa.getPrivate(), otherDsa.getPublic())).isFalse();
    assertThat(Keys.belongTogether(ed.getPrivate(), ed.getPublic())).isTrue();
    assertThat(Keys.belongTogether(ed.getPrivate(), otherEd.getPublic())).isFalse();
  }

  @Test
  void aSignatureThatCannotBeCheckedMeansTheKeysDoNotBelong() throws Exception {
    KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
    // Both are "EdDSA" keys; checking an Ed25519 signature with an Ed448 key throws.
    assertThat(ed448.getPublic().getAlgorithm()).isEqualTo(ed25519.getPrivate().getAlgorithm());

    assertThat(Keys.belongTogether(ed25519.getPrivate(), ed448.getPublic())).isFalse();
  }

  @Test
  void aKeyTypeThatCannotSignIsLeftToTheHandshake() throws Exception {
    KeyPair x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair();

    assertThat(Keys.belongTogether(x25519.getPrivate(), x25519.getPublic())).isTrue();
  }
}
