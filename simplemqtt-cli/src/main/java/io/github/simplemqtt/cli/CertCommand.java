package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerDirectoryException;
import io.github.simplemqtt.broker.bridge.BridgeTopic;
import io.github.simplemqtt.broker.bridge.Bridges;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.PkiOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simplemqtt cert client|server|revoke|list}: the broker directory's certificates. */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Issues, revokes and lists certificates.",
    footer = {"", "Example:", "  simplemqtt cert client bob --dir ./mosquitto"})
final class CertCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "Issues a client certificate whose CN is the user name, into DIR/clients/NAME/"
              + " (chain.crt, client.crt, client.key), or into OUTDIR.",
      footer = {
        "",
        "Example:",
        "  simplemqtt cert client bob --dir ./mosquitto --days 365",
        "  simplemqtt cert client sensor1 --dir ./mosquitto --out /media/usb/sensor1",
        "  simplemqtt cert client bob --dir ./mosquitto --replace"
      })
  int client(
      @Parameters(paramLabel = "NAME", description = "The client's user name (CN).") String name,
      @Mixin DirOption dir,
      @Option(
              names = "--out",
              paramLabel = "OUTDIR",
              description =
                  "Write the three files here instead of DIR/clients/NAME/ (an empty or new"
                      + " folder; `--as NAME` then does not find them).")
          Path outDir,
      @Option(
              names = "--days",
              paramLabel = "DAYS",
              description = "Validity in days (default: 825).")
          Integer days,
      @Option(
              names = "--replace",
              description =
                  "NAME already holds a valid certificate: issue a new one and revoke the old.")
          boolean replace) {
    BrokerDirectory directory = dir.open();
    int validity = days(days);
    Path target = outDir == null ? directory.clientDirectory(name) : outDir;
    if (outDir != null) {
      refuseToOverwrite(outDir);
    }
    ClientBundle bundle;
    List<CertificateInfo> revoked = List.of();
    if (replace) {
      BrokerDirectory.ClientReplacement replacement =
          directory.replaceClient(name, target, validity);
      bundle = replacement.bundle();
      revoked = replacement.revoked();
    } else {
      bundle = directory.issueClient(name, target, validity);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Issued client certificate "
            + name
            + " (serial "
            + bundle.certificate().serialHex()
            + ", expires "
            + CertTable.date(bundle.certificate().notAfter())
            + ") in "
            + bundle.directory());
    out.println("  chain.crt  client.crt  client.key (keep it private)");
    for (CertificateInfo old : revoked) {
      out.println("Revoked the old certificate of " + name + " (serial " + old.serialHex() + ").");
    }
    return 0;
  }

  @Command(
      name = "bridge",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "On the central: issues the certificate an edge's bridge presents (CN NAME) into OUTDIR,"
              + " with the CA certificates and the topics, and grants NAME only the topics in this"
              + " directory's ACL (reloading a running broker). Copy OUTDIR to the edge and run"
              + " `simplemqtt bridge add ... --bundle OUTDIR` there.",
      footer = {
        "",
        "Example:",
        "  simplemqtt cert bridge site1 --dir ./central --out ./site1-bundle --topic 'sensors/# out"
            + " 1'"
      })
  int bridge(
      @Parameters(paramLabel = "NAME", description = "The bridge's identity on this broker (CN).")
          String name,
      @Mixin DirOption dir,
      @Option(
              names = "--out",
              required = true,
              paramLabel = "OUTDIR",
              description = "An empty or new folder for the bundle.")
          Path outDir,
      @Option(
              names = "--topic",
              paramLabel = "TOPIC",
              description =
                  "A topic line as the edge will bridge it: PATTERN [out|in|both [QOS"
                      + " [LOCAL_PREFIX REMOTE_PREFIX]]]; repeatable.")
          List<String> topicLines,
      @Option(
              names = "--create-acl",
              description =
                  "Create an ACL when this directory has none (its other users then need rules of"
                      + " their own).")
          boolean createAcl) {
    List<BridgeTopic> topics = BridgeCommand.topics(topicLines);
    BrokerDirectory directory = dir.open();
    refuseToOverwrite(outDir);
    Bridges.Bundle bundle;
    try {
      bundle = Bridges.issueBundle(directory, name, topics, outDir, createAcl);
    } catch (BrokerDirectoryException e) {
      throw bridgeCertificateExists(e, name, directory);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Issued bridge certificate "
            + name
            + " (serial "
            + bundle.certificate().certificate().serialHex()
            + ", expires "
            + CertTable.date(bundle.certificate().certificate().notAfter())
            + ") in "
            + bundle.directory());
    out.println("  chain.crt  client.crt  client.key (keep it private)  " + Bridges.BUNDLE_FILE);
    out.println(
        "The ACL of "
            + directory.path()
            + " grants "
            + name
            + " only: "
            + String.join(
                ", ",
                topics.stream()
                    .map(t -> t.remoteAccess().keyword() + " " + t.remoteFilter())
                    .toList())
            + ".");
    out.println(
        "On the edge: simplemqtt bridge add NAME --dir EDGE --remote "
            + directory.settings().hosts().get(0)
            + ":"
            + directory.settings().tlsPort()
            + " --bundle "
            + bundle.directory());
    return 0;
  }

  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Re-issues the server certificate for new addresses; reloads a running broker.",
      footer = {
        "",
        "Example:",
        "  simplemqtt cert server --host 192.168.1.20 --host pi.local --dir ./mosquitto"
      })
  int server(
      @Option(
              names = "--host",
              required = true,
              paramLabel = "IP|NAME",
              description = "An address clients use to reach the broker.")
          List<String> hosts,
      @Mixin DirOption dir,
      @Option(
              names = "--days",
              paramLabel = "DAYS",
              description = "Validity in days (default: 825).")
          Integer days) {
    CertificateInfo info = dir.open().reissueServer(hosts, days(days));
    spec.commandLine()
        .getOut()
        .println(
            "Issued server certificate for "
                + String.join(", ", info.subjectAltNames())
                + " (expires "
                + CertTable.date(info.notAfter())
                + ").");
    return 0;
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "Revokes every valid certificate of a client; restarts a running broker to end its"
              + " live sessions.",
      footer = {"", "Example:", "  simplemqtt cert revoke bob --dir ./mosquitto"})
  int revoke(
      @Parameters(paramLabel = "NAME", description = "The client's user name (CN).") String name,
      @Mixin DirOption dir) {
    int[] ended = {-1};
    List<CertificateInfo> revoked = dir.open().revokeClient(name, n -> ended[0] = n);
    PrintWriter out = spec.commandLine().getOut();
    if (revoked.isEmpty()) {
      throw new CliFailure(
          "No valid certificate for '" + name + "'; `simplemqtt cert list` shows them.");
    }
    for (CertificateInfo info : revoked) {
      out.println("Revoked " + name + " (serial " + info.serialHex() + ").");
    }
    out.println(Sessions.ended(name, ended[0]));
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Lists the certificates: role, CN, serial, expiry date, state.",
      footer = {"", "Example:", "  simplemqtt cert list --dir ./mosquitto"})
  int list(@Mixin DirOption dir) {
    BrokerDirectory directory = dir.open();
    CertTable.print(directory.pki().list(), spec.commandLine().getOut());
    return 0;
  }

  /**
   * The kit's "already holds a valid certificate" says to pass --replace, which the bridge commands
   * do not have: they say to revoke the old certificate on the central, or to choose another name.
   */
  static RuntimeException bridgeCertificateExists(
      BrokerDirectoryException e, String name, BrokerDirectory central) {
    if (e.problem() != BrokerDirectoryException.Problem.CERTIFICATE_EXISTS) {
      return e;
    }
    return new CliFailure(
        e.what()
            + " on "
            + central.path()
            + "; revoke it there first (`simplemqtt cert revoke "
            + name
            + " --dir "
            + central.path()
            + "`; an edge still using it loses its bridge) or give the bridge another name.",
        e);
  }

  /** Another client's key may sit in a folder chosen by hand: never replace it silently. */
  private static void refuseToOverwrite(Path out) {
    for (String file : List.of("client.key", "client.crt", "chain.crt", Bridges.BUNDLE_FILE)) {
      if (Files.exists(out.resolve(file))) {
        throw new CliFailure(
            out.resolve(file)
                + " already exists; choose an empty folder for --out or move the old files away.");
      }
    }
  }

  private static int days(Integer days) {
    if (days == null) {
      return PkiOptions.DEFAULT_CERTIFICATE_DAYS;
    }
    if (days < 1) {
      throw new CliFailure("--days must be at least 1, not " + days + ".");
    }
    return days;
  }
}
