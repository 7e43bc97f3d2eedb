package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pub -t x",
        "pub -m hello",
        "pub -t x -m a -f b",
        "pub -t x -m a -q 3",
        "pub -t x -m a -V 4",
        "pub -t x -m a --dir d",
        "pub -t x -m a --cert c.pem --key k.pem",
        "pub -t x -m a -P secret",
        "pub -t x -m a --password-stdin",
        "pub -t x -m a -u alice -P secret --password-stdin",
        "pub -t x -l -u alice --password-stdin",
        "pub -t x -m a --as bob -u alice",
        "pub -t x -m a --as bob -P secret",
        "sub -t x --as bob --password-stdin",
        "sub -t x --as bob --cafile chain.crt",
        "sub -t x --as bob --cert client.crt",
        "doctor --as bob --key client.key",
        "sub",
        "sub -t x -C 0",
        "init",
        "init --host 1.2.3.4 --key-type dsa",
        "init --host 1.2.3.4 --bogus",
        "user",
        "user add",
        "cert client",
        "broker logs -n x",
        "bench --size 5",
        "bench --runs 0",
        "bench --workloads throughput,nope",
        "nosuchcommand"
      })
  void usageErrorsExitTwoWithOneLine(String commandLine) {
    Cli.Result result = Cli.run(commandLine.split(" "));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("simplemqtt: ").contains("--help");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void asWithCredentialFlagsSaysWhichFlagWouldBeIgnored() {
    Cli.Result result = Cli.run("pub", "--as", "bob", "-u", "alice", "-t", "x", "-m", "a");

    assertThat(result.err())
        .startsWith(
            "simplemqtt: --as NAME connects with the certificate of clients/NAME/ in --dir, so -u"
                + " would be ignored;");
  }

  @Test
  void aMissingParameterIsNamedWithAnExample() {
    Cli.Result result = Cli.run("cert", "client");

    assertThat(result.err())
        .startsWith(
            "simplemqtt: NAME is missing; for example: simplemqtt cert client bob --dir"
                + " ./mosquitto")
        .doesNotContain("Missing required");
  }

  @Test
  void everyHelpNamesItsOptionValues() {
    List<CommandLine> all = new ArrayList<>();
    collect(
        Main.commandLine(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter())),
        all);

    for (CommandLine command : all) {
      assertThat(command.getUsageMessage())
          .as(command.getCommandSpec().qualifiedName())
          .doesNotContain("=<");
    }
  }

  @Test
  void doctorHelpDescriptionIsOneParagraph() {
    String help = Cli.run("doctor", "--help").out();

    assertThat(help.replaceAll("\\s+", " "))
        .contains(
            "checks the certificate files, the network, TLS, the MQTT connect and a"
                + " publish/subscribe round trip, and stops at the first failure");
    // Separate description strings each began a line, leaving ragged one-word lines.
    assertThat(help.lines())
        .noneMatch(line -> line.equals("files,") || line.equals("stops at the"));
  }

  @Test
  void everyCommandsHelpHasAnExample() {
    CommandLine root =
        Main.commandLine(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);

    assertThat(all).hasSizeGreaterThan(15);
    for (CommandLine command : all) {
      assertThat(command.getUsageMessage())
          .as(command.getCommandSpec().qualifiedName())
          .contains("Example")
          .contains("  " + command.getCommandSpec().qualifiedName());
    }
  }

  @Test
  void helpAndVersionExitZero() {
    Cli.Result help = Cli.run("sub", "--help");
    Cli.Result version = Cli.run("--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("-C=COUNT").contains("no message within N s");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out().lines().toList())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).matches("simplemqtt \\d+\\.\\d+\\.\\d+.*"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("Java " + Runtime.version() + " ("))
        .satisfies(lines -> assertThat(lines.get(2)).startsWith("mosquitto"));
  }

  @Test
  void versionSaysWhenNoMosquittoIsFoundAndHowToInstallIt() {
    assertThat(Version.mosquitto(Optional.empty()))
        .startsWith("mosquitto: not found (not on the PATH nor in /usr/sbin")
        .contains("sudo apt-get install mosquitto");
  }

  @Test
  void versionSaysWhenTheFoundProgramIsNoMosquitto() {
    assertThat(Version.mosquitto(Optional.of(Path.of("/bin/true"))))
        .startsWith("mosquitto: /bin/true is not a usable mosquitto: its -h output names no");
  }

  @Test
  void failurePrintsOneLineAndExitsOne() {
    Path missing = temp.resolve("missing");

    Cli.Result result = Cli.run("user", "list", "--dir", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("simplemqtt: ").contains("not a simplemqtt broker");
  }

  @Test
  void debugAddsAStackTrace() {
    Cli.Result result =
        Cli.run("user", "list", "--dir", temp.resolve("missing").toString(), "--debug");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines().size()).isGreaterThan(3);
    assertThat(result.err()).contains("\tat io.github.simplemqtt");
  }

  @Test
  void usersAndCertificatesWithoutABroker() {
    Path dir = temp.resolve("mosquitto");
    BrokerDirectory.create(dir, BrokerSettings.defaults(List.of("127.0.0.1")), false);
    String d = dir.toString();

    Cli.Result noConsole = Cli.run("user", "add", "alice", "--dir", d);
    Cli.Result added =
        Cli.runWithStdin("s3cret\n", "user", "add", "alice", "--dir", d, "--password-stdin");
    Cli.Result listed = Cli.run("user", "list", "--dir", d);
    Cli.Result removed = Cli.run("user", "remove", "alice", "--dir", d);
    Cli.Result removedAgain = Cli.run("user", "remove", "alice", "--dir", d);
    Cli.Result issued = Cli.run("cert", "client", "bob", "--dir", d, "--days", "90");
    Cli.Result revoked = Cli.run("cert", "revoke", "bob", "--dir", d);
    Cli.Result table = Cli.run("cert", "list", "--dir", d);

    assertThat(noConsole.exitCode()).isEqualTo(1);
    assertThat(noConsole.err()).contains("--password-stdin");
    assertThat(added.exitCode()).isZero();
    assertThat(added.out()).isEqualTo("Added user alice." + System.lineSeparator());
    assertThat(listed.out().lines()).containsExactly("alice");
    assertThat(removed.exitCode()).isZero();
    assertThat(removedAgain.exitCode()).isEqualTo(1);
    assertThat(issued.exitCode()).isZero();
    assertThat(issued.out()).contains("Issued client certificate bob");
    assertThat(dir.resolve("clients/bob/client.key")).exists();
    assertThat(revoked.exitCode()).isZero();
    List<String> rows = table.out().lines().toList();
    assertThat(rows.get(0)).matches("ROLE +CN +SERIAL +EXPIRES +STATE");
    assertThat(rows)
        .anyMatch(row -> row.matches("client +bob +[0-9A-F]+ +\\d{4}-\\d\\d-\\d\\d +revoked"));
    assertThat(rows).anyMatch(row -> row.matches("server +127\\.0\\.0\\.1 .* valid"));
  }

  @Test
  void certClientOutWritesTheBundleElsewhereAndNeverOverwrites() throws Exception {
    Path dir = temp.resolve("mosquitto");
    BrokerDirectory.create(dir, BrokerSettings.defaults(List.of("127.0.0.1")), false);
    Path out = temp.resolve("usb/sensor1");

    Cli.Result issued =
        Cli.run("cert", "client", "sensor1", "--dir", dir.toString(), "--out", out.toString());
    byte[] key = Files.readAllBytes(out.resolve("client.key"));
    Cli.Result again =
        Cli.run("cert", "client", "sensor2", "--dir", dir.toString(), "--out", out.toString());
    Cli.Result table = Cli.run("cert", "list", "--dir", dir.toString());

    assertThat(issued.exitCode()).as(issued.err()).isZero();
    assertThat(issued.out()).contains(out.toString());
    assertThat(Files.getPosixFilePermissions(out.resolve("client.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(out.resolve("chain.crt")).exists();
    assertThat(dir.resolve("clients/sensor1")).doesNotExist();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "simplemqtt: "
                + out.resolve("client.key")
                + " already exists; choose an empty folder for --out or move the old files away."
                + System.lineSeparator());
    assertThat(Files.readAllBytes(out.resolve("client.key"))).isEqualTo(key);
    assertThat(table.out()).contains("sensor1").doesNotContain("sensor2");
  }

  @Test
  void initWithRsaKeysSaysWhichKeyItIsMaking() {
    Cli.Result init =
        Cli.run("init", temp.resolve("rsa").toString(), "--host", "127.0.0.1", "--key-type", "rsa");

    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out().lines().limit(3))
        .containsExactly(
            "generating root CA key (RSA 4096)...",
            "generating signing CA key (RSA 4096)...",
            "generating server key (RSA 2048)...");
  }

  @Test
  void generatesABashCompletionScript() {
    Cli.Result script = Cli.run("generate-completion");

    assertThat(script.exitCode()).as(script.err()).isZero();
    assertThat(script.out())
        .contains("complete -F _complete_simplemqtt")
        .contains("quickstart")
        .contains("--password-stdin");
  }

  @Test
  void theReadmeTableNamesEveryCommandAndNoOther() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String table =
        readme.substring(
            readme.indexOf("## The command line"), readme.indexOf("`pub` and `sub` take"));
    Set<String> named = new TreeSet<>();
    for (Matcher command = Pattern.compile("`simplemqtt ([a-z-]+)").matcher(table);
        command.find(); ) {
      named.add(command.group(1));
    }

    assertThat(named).isEqualTo(new TreeSet<>(root().getSubcommands().keySet()));
  }

  @Test
  void aShortCommandBuildsOnlyItsOwnModel() {
    assertThat(Main.subcommandOf("pub", "-t", "a")).isEqualTo("pub");
    assertThat(Main.subcommandOf("--debug", "sub", "-t", "a")).isEqualTo("sub");
    // The whole parser: the root's help, suggestions for a typo, the completion script's list.
    assertThat(Main.subcommandOf()).isNull();
    assertThat(Main.subcommandOf("--help")).isNull();
    assertThat(Main.subcommandOf("pbu", "-t", "a")).isNull();
    assertThat(Main.subcommandOf("generate-completion")).isNull();

    CommandLine pubOnly =
        Main.commandLine(
            new ByteArrayInputStream(new byte[0]),
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            "pub");
    assertThat(pubOnly.getSubcommands()).containsOnlyKeys("pub");
    assertThat(pubOnly.getSubcommands().get("pub").getCommandSpec().findOption("--debug"))
        .as("the root's --debug is inherited")
        .isNotNull();
  }

  @Test
  void theRootHelpAndATypoStillSeeEveryCommand() {
    assertThat(Cli.run("--help").out()).contains("quickstart", "doctor", "generate-completion");
    Cli.Result typo = Cli.run("pbu");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("'pbu'", "simplemqtt --help");
  }

  private static CommandLine root() {
    return Main.commandLine(
        new ByteArrayInputStream(new byte[0]),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private static void collect(CommandLine command, List<CommandLine> all) {
    all.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, all));
  }
}
