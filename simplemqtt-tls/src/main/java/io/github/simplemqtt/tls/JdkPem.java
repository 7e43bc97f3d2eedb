package io.github.simplemqtt.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The common files, read by the JDK alone.
 *
 * <p>Certificates and unencrypted PKCS#8 keys (what the kit and {@code openssl genpkey} write) need
 * no Bouncy Castle: the JDK's certificate and key factories read them, and they are the ones Bouncy
 * Castle's converters call in the end. Loading Bouncy Castle, signed jars whose every class is
 * checked against an 800 KB manifest, cost a short command 0.15 to 0.25 s. Anything else, and
 * anything the JDK refuses, goes the Bouncy Castle way ({@link BcPem}), which reads more and words
 * the errors. No Bouncy Castle type may appear in this class.
 */
final class JdkPem {
  static final Pattern BEGIN = Pattern.compile("^-----BEGIN ([A-Z0-9 ]+)-----\\s*$");
  static final Pattern END = Pattern.compile("^-----END ([A-Z0-9 ]+)-----\\s*$");

  /** The key types the JDK's factories are tried with, most common first. */
  private static final List<String> KEY_ALGORITHMS =
      List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private JdkPem() {}

  /**
   * The certificates of a file that holds CERTIFICATE blocks and nothing else, read by the JDK;
   * null when it holds anything else or the JDK cannot read one of them.
   */
  static @Nullable List<X509Certificate> certificates(String text) {
    List<Block> blocks = blocks(text);
    if (blocks == null || blocks.isEmpty()) {
      return null;
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks) {
        if (!block.type().equals("CERTIFICATE")) {
          return null;
        }
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      }
    } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
      return null;
    }
    return List.copyOf(certificates);
  }

  /**
   * The key of a file whose first key block is an unencrypted PKCS#8 PRIVATE KEY, read by the JDK;
   * null for every other file and for a key the JDK cannot read.
   */
  static @Nullable PrivateKey privateKey(String text) {
    List<Block> blocks = blocks(text);
    if (blocks == null) {
      return null;
    }
    for (Block block : blocks) {
      if (block.type().equals("PRIVATE KEY")) {
        byte[] der;
        try {
          der = block.der();
        } catch (IllegalArgumentException e) {
          return null;
        }
        for (String algorithm : KEY_ALGORITHMS) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (GeneralSecurityException | RuntimeException e) {
            // Not this algorithm's key: the next one.
          }
        }
        return null;
      }
      if (block.type().contains("PRIVATE KEY")) {
        return null; // encrypted, PKCS#1 or SEC1: Bouncy Castle reads those
      }
    }
    return null;
  }

  /** A PEM block without headers: its type and its Base64 body. */
  private record Block(String type, String base64) {
    byte[] der() {
      return Base64.getMimeDecoder().decode(base64);
    }
  }

  /**
   * The PEM blocks of {@code text}, in order; null when a block has headers (such as {@code
   * Proc-Type}), is not closed, or holds a character Base64 does not use.
   */
  private static @Nullable List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    String type = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\\R")) {
      String stripped = line.strip();
      Matcher begin = BEGIN.matcher(stripped);
      Matcher end = END.matcher(stripped);
      if (type == null) {
        if (begin.matches()) {
          type = begin.group(1);
          body.setLength(0);
        }
      } else if (end.matches()) {
        if (!end.group(1).equals(type)) {
          return null;
        }
        blocks.add(new Block(type, body.toString()));
        type = null;
      } else if (stripped.chars().allMatch(JdkPem::isBase64)) {
        body.append(stripped);
      } else {
        return null;
      }
    }
    return type == null ? blocks : null;
  }

  private static boolean isBase64(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }
}
