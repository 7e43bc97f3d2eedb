package io.github.simplemqtt.broker.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerDirectoryException;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of {@link Bridges}, on kit directories that no broker runs from: the problem, a
 * sentence saying what to do, and neither the edge nor the central (nor a bundle folder) changed in
 * a byte or a permission.
 */
class BridgesTest {
  static final List<BridgeTopic> OUT = List.of(BridgeTopic.parse("sensors/# out 1"));

  @TempDir Path temp;
  BrokerDirectory edge;
  BrokerDirectory central;

  @BeforeEach
  void directories() {
    edge = create("edge", BrokerSettings.defaults(List.of("127.0.0.1")));
    central = create("central", BrokerSettings.defaults(List.of("127.0.0.1")));
    central.setAcl(AccessControlList.of(List.of(AclRule.forUser("alice", AclAccess.READ, "#"))));
  }

  private BrokerDirectory create(String name, BrokerSettings settings) {
    return BrokerDirectory.create(temp.resolve(name), settings, false);
  }

  @Test
  void addToRefusesNoTopic() throws Exception {
    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addTo("site1", central, List.of(), false),
        BridgeException.Problem.NO_TOPIC,
        "Give at least one --topic");
  }

  @Test
  void addToRefusesACentralWithoutAclUnlessAskedToCreateOne() throws Exception {
    BrokerDirectory open = create("open", BrokerSettings.defaults(List.of("127.0.0.1")));
    assertThat(open.aclFile()).doesNotExist();

    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addTo("site1", open, OUT, false),
        BridgeException.Problem.CENTRAL_HAS_NO_ACL,
        "has no ACL",
        "Pass --create-acl");

    Bridges.of(edge).addTo("site1", open, OUT, true);
    assertThat(open.acl().rules())
        .containsExactly(AclRule.forUser("site1", AclAccess.WRITE, "sensors/#"));
  }

  @Test
  void addToRefusesANameThatIsAPasswordUserOfTheCentral() throws Exception {
    central.setPassword("site1", "pw".toCharArray());

    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addTo("site1", central, OUT, false),
        BridgeException.Problem.IDENTITY_TAKEN,
        "site1 is a password user of",
        "give the bridge a name of its own");
  }

  @Test
  void addToRefusesACentralWithoutTls() throws Exception {
    BrokerDirectory plain =
        create("plain", BrokerSettings.builder().hosts(List.of("127.0.0.1")).tlsPort(0).build());
    Map<String, String> plainBefore = FileTree.of(plain.path());

    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addTo("site1", plain, OUT, true),
        BridgeException.Problem.BAD_BUNDLE,
        "has no TLS listener",
        "--tls-port");
    assertThat(FileTree.of(plain.path())).isEqualTo(plainBefore);
  }

  @Test
  void addRefusesABadNameOrAnExistingOne() throws Exception {
    Map<String, String> before = FileTree.of(temp);
    assertThatThrownBy(() -> Bridges.of(edge).addTo("-x", central, OUT, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The bridge name '-x' is not allowed");
    assertThat(FileTree.of(temp)).isEqualTo(before);

    Bridges.of(edge).addTo("site1", central, OUT, false);
    Path bundle =
        Bridges.issueBundle(central, "site2", OUT, temp.resolve("bundle"), false).directory();

    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addTo("site1", central, OUT, false),
        BridgeException.Problem.BRIDGE_EXISTS,
        "already has a bridge 'site1'",
        "simplemqtt bridge remove site1");
    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addFromBundle("site1", "127.0.0.1", 8883, bundle, List.of()),
        BridgeException.Problem.BRIDGE_EXISTS,
        "already has a bridge 'site1'");
  }

  @Test
  void addToRefusesANameHoldingACertificateOnTheCentralBeforeWritingOnTheEdge() throws Exception {
    Bridges.issueBundle(central, "site1", OUT, temp.resolve("bundle"), false);
    Map<String, String> before = FileTree.of(temp);

    assertThatThrownBy(() -> Bridges.of(edge).addTo("site1", central, OUT, false))
        .isInstanceOf(BrokerDirectoryException.class)
        .satisfies(
            e ->
                assertThat(((BrokerDirectoryException) e).problem())
                    .isEqualTo(BrokerDirectoryException.Problem.CERTIFICATE_EXISTS));
    assertThat(FileTree.of(temp)).isEqualTo(before);
    assertThat(edge.path().resolve(Bridges.FOLDER)).doesNotExist();
  }

  @Test
  void issueBundleRefusesWithoutWritingTheBundle() throws Exception {
    Path out = temp.resolve("bundle");
    assertRefusedChangingNothing(
        () -> Bridges.issueBundle(central, "site1", List.of(), out, false),
        BridgeException.Problem.NO_TOPIC,
        "Give at least one --topic");
    central.setPassword("bob", "pw".toCharArray());
    assertRefusedChangingNothing(
        () -> Bridges.issueBundle(central, "bob", OUT, out, false),
        BridgeException.Problem.IDENTITY_TAKEN,
        "bob is a password user");
    BrokerDirectory open = create("open", BrokerSettings.defaults(List.of("127.0.0.1")));
    assertRefusedChangingNothing(
        () -> Bridges.issueBundle(open, "site1", OUT, out, false),
        BridgeException.Problem.CENTRAL_HAS_NO_ACL,
        "Pass --create-acl");
    assertThat(out).doesNotExist();
  }

  @Test
  void addFromBundleRefusesAnIncompleteBundle() throws Exception {
    Path whole =
        Bridges.issueBundle(central, "site1", OUT, temp.resolve("whole"), false).directory();
    for (String missing : List.of("bridge.properties", "chain.crt", "client.crt", "client.key")) {
      Path bundle = copyWithout(whole, missing);

      assertRefusedChangingNothing(
          () -> Bridges.of(edge).addFromBundle("site1", "127.0.0.1", 8883, bundle, List.of()),
          BridgeException.Problem.BAD_BUNDLE,
          "is not a whole bridge bundle (" + missing + " cannot be read)",
          "simplemqtt cert bridge");
    }
    Path noIdentity = copyWithout(whole, "bridge.properties");
    Files.writeString(noIdentity.resolve("bridge.properties"), "topic.1=sensors/# out 1\n");
    assertRefusedChangingNothing(
        () -> Bridges.of(edge).addFromBundle("site1", "127.0.0.1", 8883, noIdentity, List.of()),
        BridgeException.Problem.BAD_BUNDLE,
        "names no identity or no topic");
  }

  @Test
  void addFromBundleRefusesATopicTheBundleWasNotGranted() throws Exception {
    Path bundle =
        Bridges.issueBundle(central, "site1", OUT, temp.resolve("bundle"), false).directory();

    assertRefusedChangingNothing(
        () ->
            Bridges.of(edge)
                .addFromBundle(
                    "site1",
                    "127.0.0.1",
                    8883,
                    bundle,
                    List.of(BridgeTopic.parse("alarms/# out 1"))),
        BridgeException.Problem.TOPIC_NOT_GRANTED,
        "grants site1 only ['sensors/# out 1'], not 'alarms/# out 1'",
        "issue a new bundle there with that --topic");
    // The same filter in another direction is another grant too.
    assertRefusedChangingNothing(
        () ->
            Bridges.of(edge)
                .addFromBundle(
                    "site1",
                    "127.0.0.1",
                    8883,
                    bundle,
                    List.of(BridgeTopic.parse("sensors/# both 1"))),
        BridgeException.Problem.TOPIC_NOT_GRANTED,
        "not 'sensors/# both 1'");
    assertThatThrownBy(
            () -> Bridges.of(edge).addFromBundle("site1", "127.0.0.1", 0, bundle, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The central's port must be 1 to 65535, not 0.");
  }

  @Test
  void removeRefusesAnUnknownName() throws Exception {
    assertRefusedChangingNothing(
        () -> Bridges.of(edge).remove("nope"),
        BridgeException.Problem.NO_SUCH_BRIDGE,
        "There is no bridge 'nope' in",
        "`simplemqtt bridge list` shows them");
  }

  @Test
  void aBundleAddedAndRemovedLeavesTheEdgeAsItWas() throws Exception {
    Map<String, String> before = FileTree.of(edge.path());
    Path bundle =
        Bridges.issueBundle(central, "site1", OUT, temp.resolve("bundle"), false).directory();
    assertThat(FileTree.of(bundle).keySet())
        .containsExactly("/", "bridge.properties", "chain.crt", "client.crt", "client.key");
    assertThat(FileTree.of(bundle).get("client.key")).startsWith("rw------- ");

    Bridges.Change added =
        Bridges.of(edge).addFromBundle("central", "127.0.0.1", 8883, bundle, List.of());
    assertThat(added.restarted()).isFalse();
    assertThat(added.bridge().identity()).isEqualTo("site1");
    assertThat(Bridges.of(edge).list()).extracting(Bridge::name).containsExactly("central");

    Bridges.of(edge).remove("central");
    assertThat(Bridges.of(edge).list()).isEmpty();
    assertThat(edge.path().resolve("bridges/central")).doesNotExist();
    // bridges/ itself stays, empty, and so does the lock file of the directory's first change.
    Map<String, String> after = FileTree.of(edge.path());
    assertThat(after.remove("bridges/")).isNotNull();
    assertThat(after.remove(".simplemqtt.lock")).isNotNull();
    assertThat(after).isEqualTo(before);
  }

  /**
   * Runs {@code refused}, which must throw a {@link BridgeException} of {@code problem} whose
   * message is one sentence containing {@code words}, and change no file of the edge, the central
   * or anything else in the temporary folder.
   */
  private void assertRefusedChangingNothing(
      ThrowingCallable refused, BridgeException.Problem problem, String... words) throws Exception {
    Map<String, String> before = FileTree.of(temp);

    assertThatThrownBy(refused)
        .isInstanceOf(BridgeException.class)
        .satisfies(e -> assertThat(((BridgeException) e).problem()).isEqualTo(problem))
        .satisfies(
            e -> {
              String message = String.valueOf(e.getMessage());
              assertThat(message).contains(words).endsWith(".").doesNotContain("\n");
            });
    assertThat(FileTree.of(temp)).isEqualTo(before);
  }

  private Path copyWithout(Path bundle, String missing) throws Exception {
    Path copy = Files.createTempDirectory(temp, "without-" + missing);
    try (var files = Files.list(bundle)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals(missing)) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    return copy;
  }
}
