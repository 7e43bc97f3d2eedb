package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bridge add|remove} and {@code cert bridge} refuse bad input with exit code 1 and one line
 * on stderr saying what is wrong and what to do, and leave every file (edge, central, bundle) as it
 * was, byte for byte and permission for permission. No broker runs: the refusals come first.
 */
class BridgeBadInputTest {
  @TempDir Path temp;
  String edge;
  String central;
  String bundle;

  @BeforeEach
  void anEdgeWithABridgeAndABundleFromTheCentral() {
    BrokerDirectory edgeDir = create("edge");
    BrokerDirectory centralDir = create("central");
    centralDir.setAcl(AccessControlList.of(List.of(AclRule.forUser("alice", AclAccess.READ, "#"))));
    centralDir.setPassword("alice", "pw".toCharArray());
    edge = edgeDir.path().toString();
    central = centralDir.path().toString();
    bundle = temp.resolve("site2-bundle").toString();
    succeeds(
        "bridge", "add", "site1", "--dir", edge, "--remote-dir", central, "--topic", "a/# out 1");
    succeeds(
        "cert", "bridge", "site2", "--dir", central, "--out", bundle, "--topic", "sensors/# out 1");
  }

  private BrokerDirectory create(String name) {
    return BrokerDirectory.create(
        temp.resolve(name), BrokerSettings.defaults(List.of("127.0.0.1")), false);
  }

  @Test
  void bridgeAddRefusesABadTopic() throws Exception {
    refused(
        "The direction of bridge topic 'x/# sideways 1' must be out, in or both, not 'sideways'.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote-dir",
        central,
        "--topic",
        "x/# sideways 1");
    refused(
        "The bridge topic pattern 'x/#/y' is not a valid filter",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote",
        "127.0.0.1:8883",
        "--bundle",
        bundle,
        "--topic",
        "x/#/y");
  }

  @Test
  void bridgeAddRefusesAnExistingName() throws Exception {
    refused(
        "already has a bridge 'site1'; remove it first (`simplemqtt bridge remove site1`) or"
            + " choose another name.",
        "bridge",
        "add",
        "site1",
        "--dir",
        edge,
        "--remote-dir",
        central,
        "--topic",
        "b/# out 1");
    refused(
        "already has a bridge 'site1'",
        "bridge",
        "add",
        "site1",
        "--dir",
        edge,
        "--remote",
        "127.0.0.1:8883",
        "--bundle",
        bundle);
  }

  @Test
  void bridgeAddRefusesAnIncompleteBundle() throws Exception {
    Path partial = Files.createDirectory(temp.resolve("partial"));
    for (String file : List.of("bridge.properties", "chain.crt", "client.crt")) {
      Files.copy(Path.of(bundle, file), partial.resolve(file));
    }
    refused(
        partial
            + " is not a whole bridge bundle (client.key cannot be read); make one on the central"
            + " with `simplemqtt cert bridge NAME --dir CENTRAL --out DIR --topic ...` and copy the"
            + " whole folder.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote",
        "127.0.0.1:8883",
        "--bundle",
        partial.toString());
  }

  @Test
  void bridgeAddRefusesATopicTheBundleWasNotGranted() throws Exception {
    refused(
        "The central's ACL grants site2 only ['sensors/# out 1'], not 'alarms/# out 1'; issue a new"
            + " bundle there with that --topic.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote",
        "127.0.0.1:8883",
        "--bundle",
        bundle,
        "--topic",
        "alarms/# out 1");
  }

  @Test
  void bridgeAddRefusesACentralWithoutAnAcl() throws Exception {
    String open = create("open").path().toString();
    refused(
        open
            + " has no ACL, so every user may use every topic there; an ACL limiting the bridge"
            + " would deny every other user all it does not grant them. Pass --create-acl to create"
            + " it anyway",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote-dir",
        open,
        "--topic",
        "b/# out 1");
  }

  @Test
  void bridgeAddRefusesAMissingOrDoubleCentral() throws Exception {
    refused(
        "Say where the central is: --remote-dir CENTRAL (a directory on this machine) or --remote"
            + " HOST:PORT with --bundle DIR (from `simplemqtt cert bridge` there).",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--topic",
        "b/# out 1");
    refused(
        "Give either --remote-dir CENTRAL or --remote HOST:PORT with --bundle DIR, not both.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote-dir",
        central,
        "--remote",
        "127.0.0.1:8883",
        "--bundle",
        bundle);
    refused(
        "--remote takes HOST:PORT with the central's TLS port, such as 192.168.1.20:8883, not"
            + " '127.0.0.1'.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote",
        "127.0.0.1",
        "--bundle",
        bundle);
    refused(
        "--remote-dir is --dir itself; a broker cannot bridge to itself.",
        "bridge",
        "add",
        "site3",
        "--dir",
        edge,
        "--remote-dir",
        edge,
        "--topic",
        "b/# out 1");
  }

  @Test
  void bridgeAddAgainAfterRemoveSaysToRevokeTheOldCertificateNotToPassReplace() throws Exception {
    succeeds("bridge", "remove", "site1", "--dir", edge);
    refused(
        "site1 already holds a valid certificate (serial ",
        "bridge",
        "add",
        "site1",
        "--dir",
        edge,
        "--remote-dir",
        central,
        "--topic",
        "a/# out 1");
    assertThat(
            Cli.run(
                    "bridge",
                    "add",
                    "site1",
                    "--dir",
                    edge,
                    "--remote-dir",
                    central,
                    "--topic",
                    "a/#")
                .err())
        .doesNotContain("--replace")
        .contains("revoke it there first (`simplemqtt cert revoke site1 --dir " + central + "`");
  }

  @Test
  void aNameHoldingACertificateOnTheCentralIsRefusedBeforeAnEdgeGetsABridgesFolder()
      throws Exception {
    String fresh = create("fresh").path().toString();
    refused(
        "site2 already holds a valid certificate (serial ",
        "bridge",
        "add",
        "site2",
        "--dir",
        fresh,
        "--remote-dir",
        central,
        "--topic",
        "b/# out 1");
    assertThat(Path.of(fresh, "bridges")).doesNotExist();
  }

  @Test
  void bridgeRemoveRefusesAnUnknownName() throws Exception {
    refused(
        "There is no bridge 'site9' in " + edge + "; `simplemqtt bridge list` shows them.",
        "bridge",
        "remove",
        "site9",
        "--dir",
        edge);
  }

  @Test
  void certBridgeRefusesBadInput() throws Exception {
    String out = temp.resolve("site3-bundle").toString();
    refused(
        "The QoS of bridge topic 'x/# out 3' must be 0, 1 or 2, not '3'.",
        "cert",
        "bridge",
        "site3",
        "--dir",
        central,
        "--out",
        out,
        "--topic",
        "x/# out 3");
    refused(
        "Give at least one --topic, such as 'sensors/# out 1'",
        "cert",
        "bridge",
        "site3",
        "--dir",
        central,
        "--out",
        out);
    refused(
        "alice is a password user of " + central + "; give the bridge a name of its own",
        "cert",
        "bridge",
        "alice",
        "--dir",
        central,
        "--out",
        out,
        "--topic",
        "x/# out 1");
    String open = create("open").path().toString();
    refused(
        "has no ACL",
        "cert",
        "bridge",
        "site3",
        "--dir",
        open,
        "--out",
        out,
        "--topic",
        "x/# out 1");
    refused(
        bundle + "/client.key already exists; choose an empty folder for --out",
        "cert",
        "bridge",
        "site3",
        "--dir",
        central,
        "--out",
        bundle,
        "--topic",
        "x/# out 1");
    refused(
        "site2 already holds a valid certificate (serial ",
        "cert",
        "bridge",
        "site2",
        "--dir",
        central,
        "--out",
        out,
        "--topic",
        "x/# out 1");
    assertThat(
            Cli.run("cert", "bridge", "site2", "--dir", central, "--out", out, "--topic", "x/#")
                .err())
        .as("cert bridge has no --replace")
        .doesNotContain("--replace")
        .contains(
            " on "
                + central
                + "; revoke it there first (`simplemqtt cert revoke site2 --dir "
                + central
                + "`; an edge still using it loses its bridge) or give the bridge another name.");
  }

  private static void succeeds(String... args) {
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  /**
   * Runs the command line, which must exit 1 with one line on stderr, "simplemqtt: " and a message
   * containing {@code words}, and change nothing under the temporary folder.
   */
  private void refused(String words, String... args) throws Exception {
    Map<String, String> before = FileTree.of(temp);

    Cli.Result result = Cli.run(args);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.errLines()).as(String.join(" ", args)).hasSize(1);
    assertThat(result.err()).startsWith("simplemqtt: ").contains(words);
    assertThat(result.out()).isEmpty();
    assertThat(FileTree.of(temp)).as(String.join(" ", args)).isEqualTo(before);
  }
}
