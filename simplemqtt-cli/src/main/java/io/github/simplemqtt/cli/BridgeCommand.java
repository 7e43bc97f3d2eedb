package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerDirectoryException;
import io.github.simplemqtt.broker.bridge.Bridge;
import io.github.simplemqtt.broker.bridge.BridgeTopic;
import io.github.simplemqtt.broker.bridge.Bridges;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simplemqtt bridge add|list|remove}: an edge broker's bridges to a central one. */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Bridges topics from this broker directory (an edge) to a central kit broker over mutual"
            + " TLS.",
    footer = {
      "",
      "Example:",
      "  simplemqtt bridge add central --dir ./edge --remote-dir ./central --topic 'sensors/# out"
          + " 1'"
    })
final class BridgeCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "Adds a bridge: with --remote-dir, issues its certificate on that central and grants it"
              + " the topics in the central's ACL; with --remote and --bundle, uses the bundle"
              + " `simplemqtt cert bridge` made on the central. Restarts a running local broker,"
              + " since mosquitto reads bridges only when it starts.",
      footer = {
        "",
        "Examples:",
        "  simplemqtt bridge add central --dir ./edge --remote-dir ./central --topic 'sensors/#"
            + " out 1'",
        "  simplemqtt bridge add central --dir ./edge --remote 192.168.1.20:8883 --bundle"
            + " ./site1-bundle"
      })
  int add(
      @Parameters(paramLabel = "NAME", description = "The bridge's name (its connection).")
          String name,
      @Mixin DirOption dir,
      @Option(
              names = "--remote-dir",
              paramLabel = "CENTRAL",
              description = "The central's broker directory, on this machine.")
          @Nullable Path remoteDir,
      @Option(
              names = "--remote",
              paramLabel = "HOST:PORT",
              description = "The central's address and TLS port, with --bundle.")
          @Nullable String remote,
      @Option(
              names = "--bundle",
              paramLabel = "DIR",
              description = "The folder `simplemqtt cert bridge` wrote on the central.")
          @Nullable Path bundle,
      @Option(
              names = "--topic",
              paramLabel = "TOPIC",
              description =
                  "A topic line in mosquitto's syntax: PATTERN [out|in|both [QOS [LOCAL_PREFIX"
                      + " REMOTE_PREFIX]]]; repeatable. With --bundle, default: the bundle's.")
          @Nullable List<String> topicLines,
      @Option(
              names = "--create-acl",
              description =
                  "With --remote-dir: create an ACL on a central that has none (its other users"
                      + " then need rules of their own).")
          boolean createAcl) {
    List<BridgeTopic> topics = topics(topicLines);
    BrokerDirectory edge = dir.open();
    Bridges bridges = Bridges.of(edge);
    Bridges.Change change;
    if (remoteDir != null) {
      if (remote != null || bundle != null) {
        throw new CliFailure(
            "Give either --remote-dir CENTRAL or --remote HOST:PORT with --bundle DIR, not both.");
      }
      if (topics.isEmpty()) {
        throw new CliFailure(
            "Give at least one --topic, such as --topic 'sensors/# out 1': the central's ACL"
                + " grants the bridge only those.");
      }
      BrokerDirectory central =
          BrokerDirectory.open(remoteDir, notice -> spec.commandLine().getErr().println(notice));
      if (central.path().equals(edge.path())) {
        throw new CliFailure("--remote-dir is --dir itself; a broker cannot bridge to itself.");
      }
      try {
        change = bridges.addTo(name, central, topics, createAcl);
      } catch (BrokerDirectoryException e) {
        throw CertCommand.bridgeCertificateExists(e, name, central);
      }
    } else if (remote != null && bundle != null) {
      HostPort address = HostPort.parse(remote);
      change = bridges.addFromBundle(name, address.host(), address.port(), bundle, topics);
    } else {
      throw new CliFailure(
          "Say where the central is: --remote-dir CENTRAL (a directory on this machine) or"
              + " --remote HOST:PORT with --bundle DIR (from `simplemqtt cert bridge` there).");
    }
    PrintWriter out = spec.commandLine().getOut();
    Bridge bridge = change.bridge();
    out.println(
        "Added bridge "
            + bridge.name()
            + " to "
            + bridge.address()
            + " as "
            + bridge.identity()
            + " (mutual TLS, MQTT "
            + bridge.mqttVersion()
            + ", persistent session).");
    for (BridgeTopic topic : bridge.topics()) {
      out.println("  topic " + topic);
    }
    out.println(
        "While the central is unreachable this broker keeps up to "
            + bridges.queueLimit()
            + " for the bridge (max_queued_messages, max_queued_bytes in "
            + edge.configFile()
            + "), saved across restarts; beyond that mosquitto drops messages.");
    out.println(started(edge, change.restarted()));
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Lists the bridges: name, central, identity, MQTT version, topics.",
      footer = {"", "Example:", "  simplemqtt bridge list --dir ./edge"})
  int list(@Mixin DirOption dir) {
    BrokerDirectory edge = dir.open();
    Bridges bridges = Bridges.of(edge);
    PrintWriter out = spec.commandLine().getOut();
    List<Bridge> all = bridges.list();
    if (all.isEmpty()) {
      out.println("No bridges in " + edge.path() + ".");
      return 0;
    }
    for (Bridge bridge : all) {
      out.println(
          bridge.name()
              + "  "
              + bridge.address()
              + "  as "
              + bridge.identity()
              + "  MQTT "
              + bridge.mqttVersion());
      for (BridgeTopic topic : bridge.topics()) {
        out.println("  topic " + topic);
      }
    }
    out.println("Queue limit per bridge while its central is unreachable: " + bridges.queueLimit());
    return 0;
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "Removes a bridge and its certificate from this directory; restarts a running local"
              + " broker.",
      footer = {"", "Example:", "  simplemqtt bridge remove central --dir ./edge"})
  int remove(
      @Parameters(paramLabel = "NAME", description = "The bridge's name.") String name,
      @Mixin DirOption dir) {
    BrokerDirectory edge = dir.open();
    Bridges.Change change = Bridges.of(edge).remove(name);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Removed bridge " + name + ".");
    out.println(
        "The central still admits its certificate; to end that, run there: simplemqtt cert revoke "
            + change.bridge().identity()
            + " --dir CENTRAL");
    out.println(started(edge, change.restarted()));
    return 0;
  }

  static List<BridgeTopic> topics(@Nullable List<String> lines) {
    List<BridgeTopic> topics = new ArrayList<>();
    if (lines != null) {
      for (String line : lines) {
        try {
          topics.add(BridgeTopic.parse(line));
        } catch (IllegalArgumentException e) {
          throw new CliFailure(e.getMessage() == null ? "Bad --topic " + line : e.getMessage(), e);
        }
      }
    }
    return topics;
  }

  private static String started(BrokerDirectory edge, boolean restarted) {
    return restarted
        ? "Restarted mosquitto so that it reads the change (queued messages and sessions kept)."
        : "mosquitto reads bridges only when it starts: start it with `simplemqtt broker start"
            + " --dir "
            + edge.path()
            + "`, or restart it where it runs (systemd, Docker).";
  }

  /** {@code HOST:PORT} or {@code [IPV6]:PORT}. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      String host = colon > 0 ? text.substring(0, colon) : "";
      String port = colon > 0 ? text.substring(colon + 1) : "";
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new CliFailure(
            "--remote takes HOST:PORT with the central's TLS port, such as 192.168.1.20:8883, not '"
                + text
                + "'.");
      }
      return new HostPort(host, Integer.parseInt(port));
    }
  }
}
