package io.github.simplemqtt.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * A PEM file's text, read for {@link Pem#readCertificates} and {@link Pem#readPrivateKey}: what is
 * clearly not PEM is refused before any parsing, with a message that says what it is.
 */
final class PemText {
  private static final byte DER_SEQUENCE = 0x30;

  private PemText() {}

  /** What a file is read for, and how messages name it. */
  enum Want {
    CERTIFICATE("certificate", "a PEM certificate (-----BEGIN CERTIFICATE-----)", "x509"),
    KEY("private key", "a PEM private key (-----BEGIN PRIVATE KEY-----)", "pkey");

    final String what;
    final String pemExample;
    final String opensslCommand;

    Want(String what, String pemExample, String opensslCommand) {
      this.what = what;
      this.pemExample = pemExample;
      this.opensslCommand = opensslCommand;
    }
  }

  /** Reads the file and rejects what is clearly not PEM, with a message that says what it is. */
  static String read(Path file, Want want) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      String relativeTo = file.isAbsolute() ? "" : " (it is relative to " + cwd() + ")";
      throw new PemException(
          PemException.Problem.MISSING,
          file + " does not exist",
          "check the path" + relativeTo + ".",
          file,
          e);
    } catch (AccessDeniedException e) {
      throw new PemException(
          PemException.Problem.UNREADABLE,
          file + " cannot be read (permission denied)",
          "make it readable by this user.",
          file,
          e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new PemException(
            PemException.Problem.DIRECTORY,
            file + " is a directory",
            "pass the " + want.what + " file.",
            file,
            e);
      }
      throw new PemException(
          PemException.Problem.UNREADABLE,
          file + " cannot be read (" + e.getClass().getSimpleName() + ")",
          "check the file.",
          file,
          e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new PemException(
          PemException.Problem.EMPTY,
          file + " is empty",
          "it should hold " + want.pemExample + ".",
          file,
          null);
    }
    if (!text.contains("-----BEGIN ")) {
      if (bytes[0] == DER_SEQUENCE) {
        throw new PemException(
            PemException.Problem.DER,
            file + " looks like DER (binary), not PEM",
            "convert it with `openssl "
                + want.opensslCommand
                + " -inform der -in "
                + file
                + " -out "
                + file
                + ".pem`.",
            file,
            null);
      }
      throw new PemException(
          PemException.Problem.NOT_PEM,
          file + " is not a PEM file (it has no -----BEGIN line)",
          "it should hold " + want.pemExample + ".",
          file,
          null);
    }
    String unclosed = unclosedBlock(text);
    if (unclosed != null) {
      throw new PemException(
          PemException.Problem.TRUNCATED,
          file + " has a -----BEGIN " + unclosed + "----- line without its -----END line",
          "the file is truncated, copy it again.",
          file,
          null);
    }
    return text;
  }

  /**
   * {@code file} holds no block of the kind wanted: the other kind (a key where a certificate was
   * wanted, or the other way round) when {@code sawOther}, else something else or nothing.
   */
  static PemException notFound(Path file, Want want, boolean sawOther, String text) {
    if (sawOther) {
      Want other = want == Want.CERTIFICATE ? Want.KEY : Want.CERTIFICATE;
      return new PemException(
          PemException.Problem.SWAPPED,
          file + " holds a " + other.what + ", not a " + want.what,
          "check that the certificate and key files are not swapped.",
          file,
          null);
    }
    return new PemException(
        PemException.Problem.NOT_FOUND,
        file
            + " holds no "
            + want.what
            + " (it holds: "
            + String.join(", ", blockTypes(text))
            + ")",
        "it should hold " + want.pemExample + ".",
        file,
        null);
  }

  /** The content of {@code file} does not decode. */
  static PemException damaged(Path file, Want want, Exception cause) {
    return new PemException(
        PemException.Problem.DAMAGED,
        file + " holds a damaged PEM " + want.what + " (its content does not decode)",
        "the file is corrupted or truncated, copy it again.",
        file,
        cause);
  }

  /** The type of the first BEGIN block that has no matching END, or null. */
  private static @Nullable String unclosedBlock(String text) {
    String open = null;
    for (String line : text.split("\\R")) {
      Matcher begin = JdkPem.BEGIN.matcher(line.strip());
      Matcher end = JdkPem.END.matcher(line.strip());
      if (begin.matches()) {
        if (open != null) {
          return open;
        }
        open = begin.group(1);
      } else if (end.matches()) {
        open = null;
      }
    }
    return open;
  }

  /** The labels of the BEGIN lines in {@code text}, each once, in order. */
  private static List<String> blockTypes(String text) {
    Set<String> types = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      Matcher begin = JdkPem.BEGIN.matcher(line.strip());
      if (begin.matches()) {
        types.add(begin.group(1));
      }
    }
    return List.copyOf(types);
  }

  private static String cwd() {
    return Path.of("").toAbsolutePath().toString();
  }
}
