package io.github.simplemqtt.benchmarks;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a bench client connects: plain (anonymous) when {@code files} is null, otherwise mutual TLS
 * with the three PEM files of a kit-issued client bundle.
 */
record Endpoint(String host, int port, @Nullable TlsFiles files) {

  /** The PEM files a mutual TLS client needs. */
  record TlsFiles(Path chainFile, Path certFile, Path keyFile) {}

  static Endpoint plain(String host, int port) {
    return new Endpoint(host, port, null);
  }

  boolean tls() {
    return files != null;
  }

  /**
   * The PEM files of a mutual TLS endpoint.
   *
   * @throws IllegalStateException for a plain endpoint
   */
  TlsFiles tlsFiles() {
    if (files == null) {
      throw new IllegalStateException(host + ":" + port + " is a plain endpoint, without TLS.");
    }
    return files;
  }
}
