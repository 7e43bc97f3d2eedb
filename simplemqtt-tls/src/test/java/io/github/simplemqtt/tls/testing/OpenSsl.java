package io.github.simplemqtt.tls.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes keys and certificates with the real {@code openssl} command, in one directory: a root CA,
 * intermediates, server and client certificates, the way the kit and the original's scripts do.
 * Shared through this module's test-jar with the client's tests.
 */
public final class OpenSsl {
  private static final String CONFIG =
      """
      [req]
      distinguished_name = dn
      prompt = no
      [dn]
      CN = unused
      [root_ca]
      basicConstraints = critical,CA:TRUE
      keyUsage = critical,keyCertSign,cRLSign
      subjectKeyIdentifier = hash
      [sub_ca]
      basicConstraints = critical,CA:TRUE
      keyUsage = critical,keyCertSign,cRLSign
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid:always
      [client]
      basicConstraints = critical,CA:FALSE
      keyUsage = critical,digitalSignature,keyEncipherment
      extendedKeyUsage = clientAuth
      [self_signed_server]
      basicConstraints = critical,CA:FALSE
      keyUsage = critical,digitalSignature,keyEncipherment
      extendedKeyUsage = serverAuth
      subjectAltName = IP:127.0.0.1
      [ca]
      default_ca = test_ca
      [test_ca]
      database = index.txt
      new_certs_dir = newcerts
      serial = serial
      default_md = sha256
      policy = any_name
      unique_subject = no
      [any_name]
      commonName = supplied
      """;

  private final Path dir;

  public OpenSsl(Path dir) {
    this.dir = dir;
    try {
      Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path path(String name) {
    return dir.resolve(name);
  }

  /** Runs openssl in the directory; fails the test with openssl's output when it fails. */
  public void run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A P-256 key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
  public Path ecKey(String name) {
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name);
    return path(name);
  }

  /** A self-signed root CA: {@code <name>.key} and {@code <name>.crt}. */
  public Path rootCa(String name, String cn) {
    ecKey(name + ".key");
    run(
        "req",
        "-config",
        "openssl.cnf",
        "-x509",
        "-new",
        "-key",
        name + ".key",
        "-subj",
        "/CN=" + cn,
        "-days",
        "3650",
        "-extensions",
        "root_ca",
        "-out",
        name + ".crt");
    return path(name + ".crt");
  }

  /** An intermediate CA issued by {@code issuer}. */
  public Path subCa(String name, String cn, String issuer) {
    ecKey(name + ".key");
    return sign(name, cn, issuer, "sub_ca", null, 3650);
  }

  /** A client certificate (CN = user name) issued by {@code issuer}, with a new EC key. */
  public Path client(String name, String cn, String issuer, int days) {
    ecKey(name + ".key");
    return sign(name, cn, issuer, "client", null, days);
  }

  /** A server certificate with the given subjectAltName, e.g. "IP:127.0.0.1,DNS:localhost". */
  public Path server(String name, String cn, String issuer, String subjectAltName) {
    ecKey(name + ".key");
    return sign(name, cn, issuer, "server", subjectAltName, 825);
  }

  /** A self-signed server certificate that is not a CA, covering 127.0.0.1. */
  public Path selfSignedServer(String name, String cn) {
    ecKey(name + ".key");
    run(
        "req",
        "-config",
        "openssl.cnf",
        "-x509",
        "-new",
        "-key",
        name + ".key",
        "-subj",
        "/CN=" + cn,
        "-days",
        "30",
        "-extensions",
        "self_signed_server",
        "-out",
        name + ".crt");
    return path(name + ".crt");
  }

  /**
   * Signs a certificate for the existing {@code <name>.key} with {@code <issuer>.key}. With a
   * subjectAltName, the extensions come from a per-certificate file.
   */
  public Path sign(String name, String cn, String issuer, String section, String san, int days) {
    csr(name, cn);
    run(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        issuer + ".crt",
        "-CAkey",
        issuer + ".key",
        "-CAcreateserial",
        "-days",
        Integer.toString(days),
        "-extfile",
        extensions(name, section, san),
        "-extensions",
        section,
        "-out",
        name + ".crt");
    return path(name + ".crt");
  }

  /** A server certificate valid only between two dates ("20200101000000Z"), via `openssl ca`. */
  public Path serverWithDates(
      String name, String cn, String issuer, String san, String start, String end) {
    return withDates(name, cn, issuer, "server", san, start, end);
  }

  /** An intermediate CA valid only between two dates ("20200101000000Z"), via `openssl ca`. */
  public Path subCaWithDates(String name, String cn, String issuer, String start, String end) {
    return withDates(name, cn, issuer, "sub_ca", null, start, end);
  }

  private Path withDates(
      String name, String cn, String issuer, String section, String san, String start, String end) {
    ecKey(name + ".key");
    csr(name, cn);
    try {
      Files.createDirectories(path("newcerts"));
      if (!Files.exists(path("index.txt"))) {
        Files.writeString(path("index.txt"), "");
        Files.writeString(path("serial"), "1000\n");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    run(
        "ca",
        "-config",
        "openssl.cnf",
        "-batch",
        "-notext",
        "-cert",
        issuer + ".crt",
        "-keyfile",
        issuer + ".key",
        "-in",
        name + ".csr",
        "-out",
        name + ".crt",
        "-startdate",
        start,
        "-enddate",
        end,
        "-extfile",
        extensions(name, section, san),
        "-extensions",
        section);
    return path(name + ".crt");
  }

  private void csr(String name, String cn) {
    run(
        "req",
        "-config",
        "openssl.cnf",
        "-new",
        "-key",
        name + ".key",
        "-subj",
        "/CN=" + cn,
        "-out",
        name + ".csr");
  }

  private String extensions(String name, String section, String san) {
    if (!section.equals("server")) {
      return "openssl.cnf";
    }
    String file = name + ".ext";
    String text =
        """
        [server]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = serverAuth
        subjectAltName = %s
        """
            .formatted(san);
    try {
      Files.writeString(path(file), text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /** Writes {@code out} as the concatenation of the named files, with a comment between them. */
  public Path concat(String out, String... names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      try {
        text.append("# ").append(name).append("\n\n").append(Files.readString(path(name)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      text.append("\n");
    }
    try {
      Files.writeString(path(out), text.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return path(out);
  }
}
