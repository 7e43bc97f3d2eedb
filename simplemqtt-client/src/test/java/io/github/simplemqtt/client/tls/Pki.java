package io.github.simplemqtt.client.tls;

import java.nio.file.Path;

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
