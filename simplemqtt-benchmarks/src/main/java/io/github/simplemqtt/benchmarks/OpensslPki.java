package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.benchmarks.Trial.Outcome;
import io.github.simplemqtt.broker.pki.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same PKI as the kit makes (root CA, signing CA, server certificate for 127.0.0.1) the way the
 * original project did: the openssl command line, one process per step.
 */
final class OpensslPki {
  private OpensslPki() {}

  static Outcome create(Path dir, KeyType keyType) throws Exception {
    Files.createDirectories(dir);
    try {
      Files.writeString(
          dir.resolve("ca.ext"),
          "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n");
      Files.writeString(
          dir.resolve("server.ext"),
          "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
      long start = System.nanoTime();
      key(dir, "rootCA.key", keyType, true);
      run(
          dir,
          "req",
          "-x509",
          "-new",
          "-key",
          "rootCA.key",
          "-sha256",
          "-days",
          "7300",
          "-subj",
          "/O=bench/CN=bench Root CA",
          "-out",
          "rootCA.crt");
      key(dir, "signingCA.key", keyType, true);
      run(
          dir,
          "req",
          "-new",
          "-key",
          "signingCA.key",
          "-subj",
          "/O=bench/CN=bench Signing CA",
          "-out",
          "signingCA.csr");
      run(
          dir,
          "x509",
          "-req",
          "-in",
          "signingCA.csr",
          "-CA",
          "rootCA.crt",
          "-CAkey",
          "rootCA.key",
          "-CAcreateserial",
          "-days",
          "3650",
          "-sha256",
          "-extfile",
          "ca.ext",
          "-out",
          "signingCA.crt");
      key(dir, "server.key", keyType, false);
      run(
          dir,
          "req",
          "-new",
          "-key",
          "server.key",
          "-subj",
          "/O=bench/CN=127.0.0.1",
          "-out",
          "server.csr");
      run(
          dir,
          "x509",
          "-req",
          "-in",
          "server.csr",
          "-CA",
          "signingCA.crt",
          "-CAkey",
          "signingCA.key",
          "-CAcreateserial",
          "-days",
          "825",
          "-sha256",
          "-extfile",
          "server.ext",
          "-out",
          "server.crt");
      return Outcome.of("create", (System.nanoTime() - start) / 1e6);
    } finally {
      Folders.deleteRecursively(dir);
    }
  }

  private static void key(Path dir, String file, KeyType keyType, boolean ca) throws Exception {
    if (keyType == KeyType.EC) {
      run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
    } else {
      run(
          dir,
          "genpkey",
          "-algorithm",
          "RSA",
          "-pkeyopt",
          "rsa_keygen_bits:" + (ca ? 4096 : 2048),
          "-out",
          file);
    }
  }

  private static void run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    Path openssl = MosquittoTools.find("openssl");
    if (openssl == null) {
      throw new IOException("openssl is not installed (not on the PATH).");
    }
    command.add(openssl.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed");
    }
  }
}
