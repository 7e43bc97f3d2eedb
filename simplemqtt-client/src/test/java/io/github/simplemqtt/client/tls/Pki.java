package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.tls.testing.OpenSsl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One test PKI made with openssl: Test Root CA → Test Signing CA → server "broker" and client
 * "alice", plus the two file layouts a client may be given, and an unrelated CA with its own server
 * certificate.
 */
final class Pki {
  final OpenSsl openssl;
  final Path root;
  final Path signing;
  final Path server;
  final Path serverKey;
  final Path alice;
  final Path aliceKey;

  /** The kit's layout: client.crt = leaf + signing CA, chain.crt = signing CA + root. */
  final Path kitChain;

  final Path kitClient;

  /** The original's layout: client.crt = leaf only, chain.crt = server + signing CA + root. */
  final Path originalChain;

  final Path originalClient;

  /** What the broker presents: server certificate + signing CA. */
  final Path serverChain;

  final Path otherRoot;
  final Path otherServerChain;
  final Path otherServerKey;

  private static Pki shared;

  /**
   * One PKI for every test class in this JVM, made on first use in a temporary folder deleted when
   * the JVM exits. Making it takes a dozen openssl runs; under mutation testing every test class
   * would otherwise make it again for every mutant. Tests add files to it under names of their own.
   */
  static synchronized Pki shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("simplemqtt-test-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        shared = new Pki(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }

  Pki(Path dir) {
    openssl = new OpenSsl(dir);
    root = openssl.rootCa("root", "Test Root CA");
    signing = openssl.subCa("signing", "Test Signing CA", "root");
    server = openssl.server("server", "broker", "signing", "IP:127.0.0.1,DNS:localhost,IP:::1");
    serverKey = openssl.path("server.key");
    alice = openssl.client("alice", "alice", "signing", 30);
    aliceKey = openssl.path("alice.key");
    kitChain = openssl.concat("kit-chain.crt", "signing.crt", "root.crt");
    kitClient = openssl.concat("kit-client.crt", "alice.crt", "signing.crt");
    originalChain = openssl.concat("original-chain.crt", "server.crt", "signing.crt", "root.crt");
    originalClient = alice;
    serverChain = openssl.concat("server-chain.crt", "server.crt", "signing.crt");
    otherRoot = openssl.rootCa("other-root", "Other Root CA");
    openssl.server("other-server", "other-broker", "other-root", "IP:127.0.0.1,DNS:localhost");
    otherServerChain = openssl.concat("other-server-chain.crt", "other-server.crt");
    otherServerKey = openssl.path("other-server.key");
  }
}
