package io.github.simplemqtt.client.tls;

import static io.github.simplemqtt.client.tls.ClientPemTest.assertTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.Keys;
import io.github.simplemqtt.tls.testing.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentityTest {
  @TempDir static Path dir;
  static Pki pki;
  static X509Certificate alice;
  static X509Certificate signing;

  @BeforeAll
  static void pki() {
    pki = Pki.shared();
    alice = ClientPem.readCertificates(pki.alice).get(0);
    signing = ClientPem.readCertificates(pki.signing).get(0);
  }

  private static ClientIdentity load(Path cert, Path key, Path chain) {
    return ClientIdentity.load(
        cert, key, null, ClientPem.readCertificates(chain), Clock.systemUTC());
  }

  @Test
  void originalLayoutPresentsLeafAndSigningCa() {
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.originalChain);
    assertThat(identity.chain()).containsExactly(alice, signing);
  }

  @Test
  void kitLayoutPresentsLeafAndSigningCa() {
    ClientIdentity identity = load(pki.kitClient, pki.aliceKey, pki.kitChain);
    assertThat(identity.chain()).containsExactly(alice, signing);
  }

  @Test
  void leafIsFoundByItsKeyWhateverTheOrderInTheFile() {
    Path reversed =
        pki.openssl.concat("reversed-client.crt", "root.crt", "signing.crt", "alice.crt");
    ClientIdentity identity = load(reversed, pki.aliceKey, pki.kitChain);
    assertThat(identity.chain()).containsExactly(alice, signing);
  }

  @Test
  void longerChainIsFollowedAcrossBothFiles() {
    OpenSsl openssl = pki.openssl;
    openssl.subCa("mid1", "Mid One CA", "root");
    openssl.subCa("mid2", "Mid Two CA", "mid1");
    openssl.client("deep", "deep", "mid2", 30);
    Path client = openssl.concat("deep-client.crt", "deep.crt", "mid2.crt");
    Path chain = openssl.concat("deep-chain.crt", "root.crt", "mid1.crt");
    ClientIdentity identity = load(client, openssl.path("deep.key"), chain);
    assertThat(identity.chain())
        .extracting(Certificates::name)
        .containsExactly("CN=deep", "CN=Mid Two CA", "CN=Mid One CA");
  }

  @Test
  void issuerWithTheRightNameButTheWrongKeyIsSkipped() {
    // A second "Test Signing CA" with a different key: only the signature tells them apart.
    Path decoyDir = dir.resolve("decoy");
    OpenSsl decoy = new OpenSsl(mkdirs(decoyDir));
    decoy.rootCa("decoy-root", "Test Root CA");
    decoy.subCa("decoy-signing", "Test Signing CA", "decoy-root");
    X509Certificate fake = ClientPem.readCertificates(decoy.path("decoy-signing.crt")).get(0);
    assertThat(fake.getSubjectX500Principal()).isEqualTo(signing.getSubjectX500Principal());
    Set<X509Certificate> pool = new LinkedHashSet<>(List.of(fake, signing));
    assertThat(ClientIdentity.buildChain(alice, pool)).containsExactly(alice, signing);
  }

  @Test
  void aCrossSignedLoopIsWalkedOnce() throws IOException {
    // X signed by Y and Y signed by X: each is the other's issuer, and neither is self-signed.
    OpenSsl loop = new OpenSsl(mkdirs(dir.resolve("loop")));
    loop.rootCa("x", "Loop X");
    loop.rootCa("y", "Loop Y");
    Files.copy(loop.path("x.key"), loop.path("x-by-y.key"));
    Files.copy(loop.path("y.key"), loop.path("y-by-x.key"));
    X509Certificate xByY =
        ClientPem.readCertificates(loop.sign("x-by-y", "Loop X", "y", "sub_ca", null, 30)).get(0);
    X509Certificate yByX =
        ClientPem.readCertificates(loop.sign("y-by-x", "Loop Y", "x", "sub_ca", null, 30)).get(0);
    X509Certificate leaf = ClientPem.readCertificates(loop.client("leaf", "leaf", "x", 30)).get(0);

    assertThat(ClientIdentity.buildChain(leaf, new LinkedHashSet<>(List.of(yByX, xByY))))
        .containsExactly(leaf, xByY, yByX);
  }

  @Test
  void aChainIsCutAfterTenCertificates() {
    // Ten CAs in a line below the root: with the leaf that makes eleven to present, one more than
    // any real chain; the root's own child is left out.
    OpenSsl openssl = pki.openssl;
    String issuer = "root";
    for (int i = 1; i <= 10; i++) {
      openssl.subCa("line" + i, "Line CA " + i, issuer);
      issuer = "line" + i;
    }
    X509Certificate leaf =
        ClientPem.readCertificates(openssl.client("line-leaf", "line-leaf", issuer, 30)).get(0);
    Set<X509Certificate> pool = new LinkedHashSet<>();
    for (int i = 1; i <= 10; i++) {
      pool.addAll(ClientPem.readCertificates(openssl.path("line" + i + ".crt")));
    }

    assertThat(ClientIdentity.buildChain(leaf, pool))
        .extracting(Certificates::name)
        .containsExactly(
            "CN=line-leaf",
            "CN=Line CA 10",
            "CN=Line CA 9",
            "CN=Line CA 8",
            "CN=Line CA 7",
            "CN=Line CA 6",
            "CN=Line CA 5",
            "CN=Line CA 4",
            "CN=Line CA 3",
            "CN=Line CA 2");
  }

  @Test
  void rootIsLeftOutAndAServerCertificateIsIgnored() {
    X509Certificate root = ClientPem.readCertificates(pki.root).get(0);
    X509Certificate server = ClientPem.readCertificates(pki.server).get(0);
    Set<X509Certificate> pool = new LinkedHashSet<>(List.of(server, root, signing));
    assertThat(ClientIdentity.buildChain(alice, pool)).containsExactly(alice, signing);
  }

  @Test
  void keyOfAnotherCertificateIsRefusedNamingBothFiles() {
    pki.openssl.client("bob", "bob", "signing", 30);
    Path bobKey = pki.openssl.path("bob.key");
    assertTls(() -> load(pki.alice, bobKey, pki.kitChain), bobKey)
        .hasMessage(
            bobKey
                + " does not belong to "
                + pki.alice
                + " (CN=alice): the certificate's public key is not the public half of this key."
                + " Use the key that was created together with this certificate.");
  }

  @Test
  void keyOfAnotherTypeIsRefused() {
    pki.openssl.run("genrsa", "-out", "rsa-other.key", "2048");
    Path rsaKey = pki.openssl.path("rsa-other.key");
    assertTls(() -> load(pki.alice, rsaKey, pki.kitChain), rsaKey)
        .hasMessageContaining("does not belong to " + pki.alice + " (CN=alice)")
        .hasMessageContaining("the key is RSA but the certificate's key is EC");
  }

  @Test
  void expiredClientCertificateIsNamedWithTheCommandToRenewIt() {
    Instant notAfter = alice.getNotAfter().toInstant();
    Clock later = Clock.fixed(notAfter.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    assertTls(
            () ->
                ClientIdentity.load(
                    pki.alice, pki.aliceKey, null, ClientPem.readCertificates(pki.kitChain), later),
            pki.alice)
        .hasMessage(
            pki.alice
                + " (CN=alice) expired on "
                + Certificates.day(notAfter)
                + "; issue a new one with `simplemqtt cert client alice`.");
  }

  @Test
  void anExpiredIntermediateCaIsNamedThoughTheClientCertificateIsStillValid() {
    OpenSsl openssl = pki.openssl;
    openssl.ecKey("short-ca.key");
    openssl.sign("short-ca", "Short Lived CA", "root", "sub_ca", null, 1);
    openssl.client("carol", "carol", "short-ca", 30);
    Path client = openssl.concat("carol-client.crt", "carol.crt", "short-ca.crt");
    X509Certificate shortCa = ClientPem.readCertificates(openssl.path("short-ca.crt")).get(0);
    Instant caEnd = shortCa.getNotAfter().toInstant();
    Clock afterTheCa = Clock.fixed(caEnd.plus(Duration.ofHours(1)), ZoneOffset.UTC);

    assertTls(
            () ->
                ClientIdentity.load(
                    client,
                    openssl.path("carol.key"),
                    null,
                    ClientPem.readCertificates(pki.kitChain),
                    afterTheCa),
            client)
        .hasMessage(
            "The CA that issued "
                + client
                + " (CN=carol) expired on "
                + Certificates.day(caEnd)
                + " (CN=Short Lived CA); the broker will reject the certificate, so the broker's"
                + " admin has to renew that CA and issue a new client certificate.");
    // An hour before the CA's end the same files load.
    assertThat(
            ClientIdentity.load(
                    client,
                    openssl.path("carol.key"),
                    null,
                    ClientPem.readCertificates(pki.kitChain),
                    Clock.fixed(caEnd.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .chain())
        .extracting(Certificates::name)
        .containsExactly("CN=carol", "CN=Short Lived CA");
  }

  @Test
  void notYetValidClientCertificateIsNamed() {
    Instant notBefore = alice.getNotBefore().toInstant();
    Clock earlier = Clock.fixed(notBefore.minus(Duration.ofDays(3)), ZoneOffset.UTC);
    assertTls(
            () ->
                ClientIdentity.load(
                    pki.alice,
                    pki.aliceKey,
                    null,
                    ClientPem.readCertificates(pki.kitChain),
                    earlier),
            pki.alice)
        .hasMessageContaining(
            "(CN=alice) is not valid until "
                + Certificates.day(notBefore)
                + " (this machine's clock")
        .hasMessageContaining("check the clock");
  }

  @Test
  void keyManagerPresentsTheWholeChainAndTheKey() throws Exception {
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.originalChain);
    KeyManager[] managers = identity.keyManagerFactory().getKeyManagers();
    X509KeyManager manager = (X509KeyManager) managers[0];
    String alias = manager.chooseClientAlias(new String[] {"EC"}, null, null);
    assertThat(alias).isNotNull();
    assertThat(manager.getCertificateChain(alias)).containsExactly(alice, signing);
    assertThat(Keys.belongTogether(manager.getPrivateKey(alias), alice.getPublicKey())).isTrue();
  }

  @Test
  void keyManagerChoosesTheKeyAsSunX509WouldByKeyTypeAndIssuer() throws Exception {
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.originalChain);
    X509KeyManager manager = (X509KeyManager) identity.keyManagerFactory().getKeyManagers()[0];
    X509Certificate root = ClientPem.readCertificates(pki.root).get(0);
    String signer = signing.getPublicKey().getAlgorithm();

    assertThat(manager.chooseClientAlias(new String[] {"RSA", "EC"}, null, null)).isNotNull();
    assertThat(manager.chooseClientAlias(new String[] {"RSA"}, null, null)).isNull();
    assertThat(manager.chooseClientAlias(new String[] {"EC_" + signer}, null, null)).isNotNull();
    assertThat(manager.chooseClientAlias(new String[] {"EC_DSA"}, null, null)).isNull();
    // The broker names the CAs it trusts: the root issued the signing CA we send along.
    assertThat(
            manager.chooseClientAlias(
                new String[] {"EC"},
                new java.security.Principal[] {root.getSubjectX500Principal()},
                null))
        .isNotNull();
    assertThat(
            manager.chooseClientAlias(
                new String[] {"EC"},
                new java.security.Principal[] {
                  new javax.security.auth.x500.X500Principal("CN=other")
                },
                null))
        .isNull();
    assertThat(manager.getClientAliases("EC", null)).hasSize(1);
    assertThat(manager.getServerAliases("EC", null)).isNull();
    assertThat(manager.getCertificateChain("other")).isNull();
    assertThat(manager.getPrivateKey("other")).isNull();
  }

  @Test
  void theClientKeyIsNeverOfferedToServeTls() throws Exception {
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.originalChain);
    X509ExtendedKeyManager manager =
        (X509ExtendedKeyManager) identity.keyManagerFactory().getKeyManagers()[0];

    assertThat(manager.getServerAliases("EC", null)).isNull();
    assertThat(manager.chooseServerAlias("EC", null, null)).isNull();
    assertThat(manager.chooseEngineServerAlias("EC", null, null)).isNull();
  }

  @Test
  void noKeyTypeAskedForGetsNoKey() throws Exception {
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.originalChain);
    X509ExtendedKeyManager manager =
        (X509ExtendedKeyManager) identity.keyManagerFactory().getKeyManagers()[0];

    assertThat(manager.getClientAliases(null, null)).isNull();
    assertThat(manager.chooseClientAlias(new String[] {null}, null, null)).isNull();
    assertThat(manager.chooseEngineClientAlias(null, null, null)).isNull();
  }

  @Test
  void withTheLeafAloneItsSignersKeyTypeIsReadFromItsSignature() throws Exception {
    // The chain file holds only the root, so the signing CA is not sent along: SunX509 then
    // tells the key type of the signer ("EC_RSA" asks for an EC key an RSA key signed) from the
    // leaf's signature algorithm.
    ClientIdentity identity = load(pki.originalClient, pki.aliceKey, pki.root);
    X509ExtendedKeyManager manager =
        (X509ExtendedKeyManager) identity.keyManagerFactory().getKeyManagers()[0];
    String signer = signing.getPublicKey().getAlgorithm();
    String other = signer.equals("RSA") ? "EC" : "RSA";

    assertThat(identity.chain()).containsExactly(alice);
    assertThat(manager.chooseClientAlias(new String[] {"EC_" + signer}, null, null))
        .isEqualTo(FixedKeyManagerFactory.ALIAS);
    assertThat(manager.chooseClientAlias(new String[] {"EC_" + other}, null, null)).isNull();
  }

  @Test
  void brokerTrustingOnlyTheRootAcceptsUsBecauseTheSigningCaIsSent() throws Exception {
    // Like Mosquitto with cafile = the root: the client must send the signing CA itself.
    TlsSetup setup =
        TlsSetup.load(
            pki.originalChain, pki.originalClient, pki.aliceKey, null, false, Clock.systemUTC());
    SSLContext serverContext = Handshakes.serverContext(pki.serverChain, pki.serverKey, pki.root);
    SSLEngine server = Handshakes.serverEngine(serverContext, true);
    SSLEngine client = Handshakes.clientEngine(setup, "127.0.0.1", 8883);
    Handshakes.run(client, server);
    assertThat(server.getSession().getPeerCertificates()).containsExactly(alice, signing);
  }

  @Test
  void withoutTheSigningCaThatBrokerWouldRefuseUs() throws Exception {
    // The contrast to the test above: a key entry holding only the leaf, as Java would build it.
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "pw".toCharArray();
    store.setKeyEntry(
        "alice",
        ClientPem.readPrivateKey(pki.aliceKey, null),
        password,
        new X509Certificate[] {alice});
    KeyManagerFactory leafOnly = KeyManagerFactory.getInstance("SunX509");
    leafOnly.init(store, password);
    TlsSetup trust = TlsSetup.load(pki.kitChain, null, null, null, false, Clock.systemUTC());
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(
        leafOnly.getKeyManagers(), trust.trustManagerFactory().getTrustManagers(), null);
    SSLEngine client = clientContext.createSSLEngine("127.0.0.1", 8883);
    client.setUseClientMode(true);
    SSLEngine server =
        Handshakes.serverEngine(
            Handshakes.serverContext(pki.serverChain, pki.serverKey, pki.root), true);
    assertThatThrownBy(() -> Handshakes.run(client, server))
        .isInstanceOf(SSLHandshakeException.class);
  }

  private static Path mkdirs(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWrongKeyNamesTheClientCertificateNotTheCaBeforeIt() {
    pki.openssl.client("bob", "bob", "signing", 30);
    Path rootFirst =
        pki.openssl.concat("root-first-client.crt", "root.crt", "signing.crt", "alice.crt");
    Path bobKey = pki.openssl.path("bob.key");

    assertTls(() -> load(rootFirst, bobKey, pki.kitChain), bobKey)
        .hasMessageStartingWith(bobKey + " does not belong to " + rootFirst + " (CN=alice): ");
  }
}
