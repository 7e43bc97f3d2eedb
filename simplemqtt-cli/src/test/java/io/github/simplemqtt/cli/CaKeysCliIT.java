package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.process.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every cert command works with the CA keys in ca/, and moves them there from an old layout. */
class CaKeysCliIT {
  private static final String NOTICE =
      "Moved the CA keys from certs/ to ca/ so the broker cannot read them.";

  @TempDir Path temp;

  @Test
  void theNextCommandMovesOldCaKeysOnceAndEveryCertCommandStillWorks() throws Exception {
    Path dir = init();
    Path certs = dir.resolve("certs");
    Path ca = dir.resolve("ca");
    // The layout of kits before ca/: both CA keys in certs/.
    for (String key : List.of("rootCA.key", "signingCA.key")) {
      Files.move(ca.resolve(key), certs.resolve(key));
    }
    Files.delete(ca);

    Cli.Result client = Cli.run("cert", "client", "bob", "--dir", dir.toString());

    assertThat(client.exitCode()).as(client.err()).isZero();
    assertThat(client.errLines()).containsExactly(NOTICE);
    assertThat(certs.resolve("rootCA.key")).doesNotExist();
    assertThat(certs.resolve("signingCA.key")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(ca))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(ca.resolve("signingCA.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(
            openssl(
                "verify",
                "-CAfile",
                certs.resolve("chain.crt").toString(),
                dir.resolve("clients/bob/client.crt").toString()))
        .contains("OK");

    Cli.Result server =
        Cli.run("cert", "server", "--host", "127.0.0.1", "--host", "broker.lan", "--dir", "" + dir);
    assertThat(server.exitCode()).as(server.err()).isZero();
    assertThat(server.err()).isEmpty();
    assertThat(server.out()).contains("broker.lan");
    Cli.Result revoke = Cli.run("cert", "revoke", "bob", "--dir", dir.toString());
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.err()).isEmpty();
    Cli.Result list = Cli.run("cert", "list", "--dir", dir.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.err()).isEmpty();
    assertThat(list.out().lines().filter(line -> line.contains("bob")))
        .singleElement()
        .asString()
        .contains("revoked");
    try (var keys = Files.list(certs)) {
      assertThat(keys.filter(file -> file.toString().endsWith(".key")))
          .containsExactly(certs.resolve("server.key"));
    }
  }

  @Test
  void certCommandsWorkOnAFreshDirectoryWithoutANotice() throws Exception {
    Path dir = init();

    Cli.Result client = Cli.run("cert", "client", "alice", "--dir", dir.toString());
    Cli.Result revoke = Cli.run("cert", "revoke", "alice", "--dir", dir.toString());
    Cli.Result list = Cli.run("cert", "list", "--dir", dir.toString());

    for (Cli.Result result : List.of(client, revoke, list)) {
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.err()).isEmpty();
    }
    assertThat(list.out()).contains("alice").contains("revoked");
  }

  private Path init() {
    int[] ports = FreePorts.pick(2);
    Path dir = temp.resolve("mosquitto");
    Cli.Result init = Cli.initOnLoopback(dir, ports[0], ports[1]);
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("ca/");
    return dir;
  }

  private static String openssl(String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of("openssl"));
    line.addAll(List.of(args));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
