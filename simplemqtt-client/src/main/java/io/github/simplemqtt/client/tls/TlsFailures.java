package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the exception of a failed TLS connection into a sentence that says what to do. */
final class TlsFailures {
  private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
  private static final int MAX_CAUSES = 32;

  private TlsFailures() {}

  static Optional<TlsException> explain(Throwable failure, String host, int port) {
    return explain(failure, host, port, true);
  }

  /**
   * As {@link #explain(Throwable, String, int)}; {@code certificateSent}: whether this client has a
   * client certificate to present. Without one, an alert about the client's certificate means the
   * broker wants one, not that it distrusts one.
   */
  static Optional<TlsException> explain(
      Throwable failure, String host, int port, boolean certificateSent) {
    if (failure == null) {
      return Optional.empty();
    }
    List<Throwable> causes = causes(failure);
    // Our own words first: they know the files and the certificates.
    for (Throwable cause : causes) {
      if (cause instanceof TlsException tls) {
        return Optional.of(tls);
      }
      if (cause instanceof ExplainedCertificateException explained) {
        TlsException explanation = explained.explanation();
        return Optional.of(
            new TlsException(
                explanation.what(),
                explanation.fix().orElse(null),
                explanation.file().orElse(null),
                failure));
      }
    }
    String where = address(host, port);
    for (Throwable cause : causes) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      Matcher alert = RECEIVED_ALERT.matcher(message);
      if (alert.find()) {
        return Optional.of(
            certificateSent
                ? alertException(alert.group(1), where, failure)
                : noCertificateException(alert.group(1), where, failure));
      }
      if (message.contains("Unsupported or unrecognized SSL message")) {
        return Optional.of(
            new TlsException(
                "Port "
                    + port
                    + " on "
                    + host
                    + " does not speak TLS; it is probably the plain MQTT port",
                "Connect to the broker's TLS port (8883 by default).",
                null,
                failure));
      }
      if (message.contains("Remote host terminated the handshake")
          || message.contains("Connection closed while SSL/TLS handshake was in progress")) {
        return Optional.of(
            new TlsException(
                "The broker at " + where + " closed the connection during the TLS handshake",
                "port "
                    + port
                    + " may be the plain MQTT port rather than the TLS port, or the broker refused"
                    + " us (see its log).",
                null,
                failure));
      }
      if (message.startsWith("handshake timed out")) {
        return Optional.of(
            new TlsException(
                "The TLS handshake with " + where + " timed out",
                "check that port " + port + " is the broker's TLS port.",
                null,
                failure));
      }
    }
    return Optional.empty();
  }

  /** An alert to a client that sent no certificate: about the certificate it did not send. */
  private static TlsException noCertificateException(
      String alert, String where, Throwable failure) {
    return switch (alert) {
      case "unknown_ca",
          "bad_certificate",
          "certificate_unknown",
          "unsupported_certificate",
          "certificate_required",
          "handshake_failure" ->
          new TlsException(
              "The broker at "
                  + where
                  + " ended the TLS handshake with alert "
                  + alert
                  + " after asking for a client certificate, and this client has none",
              "connect with tls(chainFile, certFile, keyFile), using a certificate issued by the"
                  + " broker's CA (`simplemqtt cert client NAME` in the broker's directory).",
              null,
              failure);
      default -> alertException(alert, where, failure);
    };
  }

  private static TlsException alertException(String alert, String where, Throwable failure) {
    String broker = "The broker at " + where;
    return switch (alert) {
      case "unknown_ca", "bad_certificate", "certificate_unknown", "unsupported_certificate" ->
          new TlsException(
              broker
                  + " rejected our client certificate (alert "
                  + alert
                  + "): it does not trust the CA that issued it",
              "Use a client certificate issued by this broker's CA (`simplemqtt cert client NAME`"
                  + " in the broker's directory).",
              null,
              failure);
      case "certificate_expired" ->
          new TlsException(
              broker + " rejected our client certificate as expired (alert certificate_expired)",
              "issue a new one with `simplemqtt cert client NAME`.",
              null,
              failure);
      case "certificate_revoked" ->
          new TlsException(
              broker + " says our client certificate was revoked (alert certificate_revoked)",
              "ask the broker's admin for a new one.",
              null,
              failure);
      case "certificate_required" ->
          new TlsException(
              broker
                  + " requires a client certificate and none was sent (alert"
                  + " certificate_required)",
              "pass the client's certificate and key files.",
              null,
              failure);
      case "handshake_failure" ->
          new TlsException(
              broker
                  + " ended the TLS handshake (alert handshake_failure): there is no common TLS"
                  + " version or cipher (this client offers TLSv1.3 and TLSv1.2), or the broker"
                  + " requires a client certificate and none was sent.",
              null,
              null,
              failure);
      case "protocol_version", "insufficient_security" ->
          new TlsException(
              broker
                  + " and this client have no common TLS version or cipher (alert "
                  + alert
                  + ")",
              "this client offers TLSv1.3 and TLSv1.2, so check the broker's tls_version.",
              null,
              failure);
      default ->
          new TlsException(
              broker + " ended the TLS handshake with alert " + alert,
              "its log says why.",
              null,
              failure);
    };
  }

  private static String address(String host, int port) {
    String printable = host != null && host.contains(":") ? "[" + host + "]" : host;
    return printable + ":" + port;
  }

  private static List<Throwable> causes(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> causes = new ArrayList<>();
    for (Throwable t = failure; t != null && seen.add(t) && causes.size() < MAX_CAUSES; ) {
      causes.add(t);
      for (Throwable suppressed : t.getSuppressed()) {
        if (seen.add(suppressed)) {
          causes.add(suppressed);
        }
      }
      t = t.getCause();
    }
    return causes;
  }
}
