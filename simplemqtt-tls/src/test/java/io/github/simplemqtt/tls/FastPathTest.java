package io.github.simplemqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.tls.testing.OpenSsl;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short mutual-TLS command does with PEM files loads no Bouncy Castle class: its signed jars
 * cost 0.15 to 0.25 s to load. Checked in a class loader of its own, over this module's classes and
 * Bouncy Castle's jars, that records every class it is asked for.
 */
class FastPathTest {
  @TempDir static Path dir;
  static OpenSsl openssl;

  @BeforeAll
  static void pki() {
    openssl = new OpenSsl(dir);
    openssl.rootCa("root", "Test Root CA");
    openssl.subCa("signing", "Test Signing CA", "root");
    openssl.client("alice", "alice", "signing", 30);
    openssl.concat("chain.crt", "signing.crt", "root.crt");
    openssl.run("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
  }

  @Test
  void certificatesAndPkcs8KeysAreReadAndCheckedWithoutBouncyCastle() throws Exception {
    try (Recording loader = new Recording()) {
      Class<?> pem = loader.loadClass(Pem.class.getName());
      Class<?> certificates = loader.loadClass(Certificates.class.getName());
      Class<?> keys = loader.loadClass(Keys.class.getName());
      Method readCertificates = pem.getMethod("readCertificates", Path.class);
      Method readPrivateKey = pem.getMethod("readPrivateKey", Path.class, char[].class);

      List<?> chain = (List<?>) readCertificates.invoke(null, openssl.path("chain.crt"));
      X509Certificate leaf =
          (X509Certificate)
              ((List<?>) readCertificates.invoke(null, openssl.path("alice.crt"))).get(0);
      PrivateKey key = (PrivateKey) readPrivateKey.invoke(null, openssl.path("alice.key"), null);
      boolean issued =
          (boolean)
              certificates
                  .getMethod("isIssuedBy", X509Certificate.class, X509Certificate.class)
                  .invoke(null, leaf, chain.get(0));
      boolean selfSigned =
          (boolean)
              certificates
                  .getMethod("isSelfSigned", X509Certificate.class)
                  .invoke(null, chain.get(1));
      boolean ca =
          (boolean) certificates.getMethod("isCa", X509Certificate.class).invoke(null, leaf);
      String day =
          (String)
              certificates
                  .getMethod("day", Instant.class)
                  .invoke(null, leaf.getNotAfter().toInstant());
      boolean belong =
          (boolean)
              keys.getMethod("belongTogether", PrivateKey.class, PublicKey.class)
                  .invoke(null, key, leaf.getPublicKey());

      assertThat(chain).hasSize(2);
      assertThat(issued).isTrue();
      assertThat(selfSigned).isTrue();
      assertThat(ca).isFalse();
      assertThat(day).isNotEmpty();
      assertThat(belong).isTrue();
      assertThat(loader.bouncyCastle()).isEmpty();

      // The recording sees Bouncy Castle when it is needed: a PKCS#1 key.
      readPrivateKey.invoke(null, openssl.path("pkcs1.key"), null);
      assertThat(loader.bouncyCastle()).isNotEmpty();
    }
  }

  /** Child-first for our classes and Bouncy Castle's; every request recorded. */
  private static final class Recording extends URLClassLoader {
    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    Recording() throws Exception {
      super(urls(), ClassLoader.getPlatformClassLoader());
    }

    private static URL[] urls() throws Exception {
      Set<URL> urls = new LinkedHashSet<>();
      for (String type :
          List.of(
              Pem.class.getName(),
              "org.bouncycastle.jce.provider.BouncyCastleProvider",
              "org.bouncycastle.openssl.PEMParser",
              "org.bouncycastle.asn1.cms.ContentInfo")) {
        urls.add(
            Class.forName(type, false, FastPathTest.class.getClassLoader())
                .getProtectionDomain()
                .getCodeSource()
                .getLocation());
      }
      return urls.toArray(new URL[0]);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }

    List<String> bouncyCastle() {
      return requested.stream().filter(name -> name.startsWith("org.bouncycastle")).toList();
    }
  }
}
