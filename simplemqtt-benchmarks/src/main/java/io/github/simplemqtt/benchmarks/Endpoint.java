package io.github.simplemqtt.benchmarks;

import java.nio.file.Path;

/**
 * Where a bench client connects: plain (anonymous) when {@code chainFile} is null, otherwise mutual
 * TLS with the three PEM files of a kit-issued client bundle.
 */
record Endpoint(String host, int port, Path chainFile, Path certFile, Path keyFile) {

  static Endpoint plain(String host, int port) {
    return new Endpoint(host, port, null, null, null);
  }

  boolean tls() {
    return chainFile != null;
  }
}
