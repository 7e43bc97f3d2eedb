package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Certificates;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Step 3, judged: does the port speak TLS when we do (and plain MQTT when we do not); the TLS
 * version; the broker's chain against the chain file; the dialled name against its subjectAltName;
 * the CAs its CertificateRequest names against our certificate; and whether the broker accepts our
 * certificate. Judges what {@link TlsProbe} gathered and reads nothing itself.
 */
final class TlsCheck {
  private TlsCheck() {}

  /** The findings, in checklist order; the last is the failure, if any. */
  static List<Finding> judge(TlsProbe.Facts facts, Target target) {
    List<Finding> findings = new ArrayList<>();
    if (facts instanceof TlsProbe.Lost lost) {
      findings.add(lostBetweenSteps(target, lost.failure()));
    } else if (facts instanceof TlsProbe.Plain plain) {
      findings.add(plain(target, plain));
    } else if (facts instanceof TlsProbe.Unusable unusable) {
      TlsException e = unusable.failure();
      findings.add(
          Finding.failed(Step.TLS, "cannot set up TLS", e.what(), e.fix(), "Check the files."));
    } else if (facts instanceof TlsProbe.HandshakeFailed failed) {
      findings.add(handshakeFailed(target, failed));
      failed.closing().ifPresent(e -> findings.add(lostBetweenSteps(target, e)));
    } else {
      TlsProbe.Handshook handshook = (TlsProbe.Handshook) facts;
      findings.addAll(handshook(target, handshook));
      handshook.closing().ifPresent(e -> findings.add(lostBetweenSteps(target, e)));
    }
    return findings;
  }

  // ---------------------------------------------------------------- plain

  private static Finding plain(Target target, TlsProbe.Plain facts) {
    return switch (facts.answer().kind()) {
      case CONNACK ->
          Finding.passed(Step.TLS, "not used: port " + target.port() + " speaks plain MQTT");
      case TIMEOUT -> noMqttAnswer(target);
      default -> {
        Optional<X509Certificate> server = facts.presented();
        if (server.isPresent()) {
          yield Finding.failed(
              Step.TLS,
              "port " + target.port() + " speaks TLS, we spoke plain MQTT",
              "Port "
                  + target.port()
                  + " on "
                  + target.host()
                  + " is a TLS listener (it presented the certificate "
                  + CertificateWords.name(server.get())
                  + "), so it dropped our plain MQTT CONNECT.",
              "Connect with TLS: add --cafile chain.crt, and --cert client.crt --key"
                  + " client.key for mutual TLS (or use --dir DIR --as NAME); or use the"
                  + " broker's plain port (1883 unless init chose another).");
        }
        yield Finding.failed(
            Step.TLS,
            "no MQTT answer from " + target.endpoint(),
            "The listener on "
                + target.endpoint()
                + " closed the connection when it got an MQTT CONNECT, and it does not"
                + " speak TLS either.",
            "Check that -p names the broker's MQTT port, and see the broker's log"
                + " (`simplemqtt broker logs --dir DIR`).");
      }
    };
  }

  // ---------------------------------------------------------------- TLS

  private static List<Finding> handshook(Target target, TlsProbe.Handshook facts) {
    List<Finding> findings = new ArrayList<>();
    findings.add(
        Finding.passed(Step.TLS, facts.protocol() + " handshake, cipher " + facts.cipherSuite()));
    X509Certificate server = facts.serverChain().get(0);
    findings.add(
        Finding.passed(
            Step.TLS,
            "broker certificate "
                + CertificateWords.name(server)
                + " (issued by "
                + CertificateWords.issuerName(server)
                + ") verified against "
                + LocalFileChecks.fileName(target.tlsChainFile())));
    findings.add(
        Finding.passed(
            Step.TLS,
            "it covers "
                + target.host()
                + " (it covers: "
                + String.join(", ", CertificateWords.subjectAltNames(server))
                + ")"));
    Optional<Finding> expiring =
        LocalFileChecks.validity(server, "the broker's certificate", null, facts.now(), target);
    expiring.ifPresent(
        f ->
            findings.add(
                Finding.warning(
                    Step.TLS,
                    f.summary(),
                    Objects.requireNonNull(f.cause(), "a warning or failure has a cause"),
                    "Issue the broker a new one in time (`simplemqtt cert server --dir DIR`).")));

    Finding request = certificateRequest(target, facts.request(), facts.ours());
    findings.add(request);
    if (request.failed()) {
      return findings;
    }
    TlsProbe.Reply reply =
        facts.reply().orElseThrow(() -> new IllegalStateException("a met request has a reply"));
    findings.add(afterHandshake(target, reply, facts.ours()));
    return findings;
  }

  private static Finding certificateRequest(
      Target target, TlsProbe.CertificateRequest request, List<X509Certificate> ours) {
    if (!request.asked()) {
      if (ours.isEmpty()) {
        return Finding.passed(Step.TLS, "the broker did not ask for a client certificate");
      }
      return Finding.warning(
          Step.TLS,
          "the broker did not ask for a client certificate",
          "The listener on "
              + target.endpoint()
              + " does not ask for client certificates (mosquitto's require_certificate is off),"
              + " so "
              + CertificateWords.name(ours.get(0))
              + " is not used and the broker will want a user name and password.",
          "Use the broker's mutual-TLS port (8883 unless init chose another), or pass -u and -P.");
    }
    if (ours.isEmpty()) {
      return Finding.failed(
          Step.TLS,
          "the broker asks for a client certificate, we have none",
          "The listener on "
              + target.endpoint()
              + " requires a client certificate (mutual TLS), and none was given.",
          "Pass --cert client.crt --key client.key (or --dir DIR --as NAME); `simplemqtt cert"
              + " client NAME --dir DIR` issues one.");
    }
    List<Principal> accepted = request.issuers();
    X509Certificate leaf = ours.get(0);
    if (accepted.isEmpty()) {
      return Finding.passed(
          Step.TLS,
          "the broker asks for a client certificate (naming no CAs); we present "
              + CertificateWords.name(leaf)
              + (ours.size() > 1
                  ? " with " + CertificateWords.names(ours.subList(1, ours.size()))
                  : ""));
    }
    String names = accepted.stream().map(p -> principalName(p)).collect(Collectors.joining(", "));
    if (!request.fits(ours)) {
      return Finding.failed(
          Step.TLS,
          "the broker accepts client certificates from other CAs",
          "The broker asks for a client certificate issued by "
              + names
              + ", and ours ("
              + CertificateWords.name(leaf)
              + ") was issued by "
              + CertificateWords.issuerName(leaf)
              + ".",
          "Use a client certificate issued by this broker's CA (`simplemqtt cert client NAME` in"
              + " its directory).");
    }
    return Finding.passed(
        Step.TLS,
        "the broker asks for a client certificate from "
            + names
            + "; ours ("
            + CertificateWords.name(leaf)
            + ") is issued by "
            + CertificateWords.issuerName(leaf));
  }

  private static String principalName(Principal principal) {
    String name = principal.getName();
    for (String part : name.split(",")) {
      if (part.strip().startsWith("CN=")) {
        return part.strip();
      }
    }
    return name;
  }

  /** After the handshake: our CONNECT is answered, or the broker turns our certificate down. */
  private static Finding afterHandshake(
      Target target, TlsProbe.Reply reply, List<X509Certificate> ours) {
    String what =
        ours.isEmpty()
            ? "the TLS connection"
            : "our certificate " + CertificateWords.name(ours.get(0));
    return switch (reply.kind()) {
      case CONNACK -> Finding.passed(Step.TLS, "the broker accepted " + what);
      case TLS_FAILURE, CLOSED -> {
        Optional<String> alert = reply.alert();
        if (alert.isPresent()) {
          yield rejected(target, alert.get(), ours);
        }
        yield Finding.failed(
            Step.TLS,
            "the broker closed the connection after the handshake",
            "The broker at "
                + target.endpoint()
                + " closed the connection right after the TLS handshake, without an MQTT answer"
                + " and without saying why; it most likely rejected "
                + what
                + ".",
            "Its log says why (`simplemqtt broker logs --dir " + target.dirForCommands() + "`).");
      }
      case TIMEOUT -> noMqttAnswer(target);
      default ->
          Finding.failed(
              Step.TLS,
              "unexpected answer after the handshake",
              "The listener on "
                  + target.endpoint()
                  + " answered our MQTT CONNECT over TLS with something that is not MQTT.",
              "Check that -p names the broker's MQTT TLS port.");
    };
  }

  /** The broker sent a TLS alert about our certificate: name it. */
  private static Finding rejected(Target target, String alert, List<X509Certificate> ours) {
    String cert =
        ours.isEmpty()
            ? "our client certificate"
            : "our client certificate " + CertificateWords.name(ours.get(0));
    String user =
        ours.isEmpty()
            ? "NAME"
            : Optional.ofNullable(CertificateWords.commonName(ours.get(0))).orElse("NAME");
    String newOne =
        "Ask the broker's admin for a new certificate (`simplemqtt cert client "
            + user
            + " --dir "
            + target.dirForCommands()
            + "`).";
    return switch (alert) {
      case "certificate_revoked" ->
          Finding.failed(
              Step.TLS,
              "the broker rejected our certificate: revoked",
              "The broker rejected "
                  + cert
                  + " as revoked (TLS alert certificate_revoked): it is on the broker's CRL.",
              newOne);
      case "certificate_expired" ->
          Finding.failed(
              Step.TLS,
              "the broker rejected our certificate: expired",
              "The broker rejected " + cert + " as expired (TLS alert certificate_expired).",
              newOne + " Check the clocks of this machine and the broker too.");
      case "unknown_ca" ->
          Finding.failed(
              Step.TLS,
              "the broker rejected our certificate: unknown CA",
              "The broker does not trust the CA that issued "
                  + cert
                  + (ours.isEmpty() ? "" : " (" + CertificateWords.issuerName(ours.get(0)) + ")")
                  + " (TLS alert unknown_ca).",
              "Use a client certificate issued by this broker's CA (`simplemqtt cert client NAME` in"
                  + " its directory).");
      case "certificate_required" ->
          Finding.failed(
              Step.TLS,
              "the broker requires a client certificate",
              "The broker requires a client certificate and none was sent (TLS alert"
                  + " certificate_required).",
              "Pass --cert and --key (or --dir DIR --as NAME).");
      case "unsupported_certificate", "bad_certificate", "certificate_unknown" ->
          Finding.failed(
              Step.TLS,
              "the broker rejected our certificate: " + alert,
              "The broker rejected "
                  + cert
                  + " (TLS alert "
                  + alert
                  + "): it cannot use it as a client certificate, or does not trust its issuer.",
              "Use a client certificate this broker issued (`simplemqtt cert client NAME`), and see"
                  + " the broker's log.");
      default ->
          Finding.failed(
              Step.TLS,
              "the broker ended TLS with alert " + alert,
              "The broker at "
                  + target.endpoint()
                  + " ended the TLS connection with alert "
                  + alert
                  + ".",
              "Its log says why (`simplemqtt broker logs --dir " + target.dirForCommands() + "`).");
    };
  }

  private static Finding handshakeFailed(Target target, TlsProbe.HandshakeFailed facts) {
    List<X509Certificate> chain = facts.serverChain();
    if (facts.rejection().isPresent() && !chain.isEmpty()) {
      return serverChainProblem(
          target, chain, facts.anchors(), facts.now(), facts.rejection().get().getMessage());
    }
    Optional<String> alert = facts.alert();
    IOException failure = facts.failure();
    if (alert.isPresent()) {
      if (alert.get().equals("handshake_failure") || alert.get().equals("protocol_version")) {
        return Finding.failed(
            Step.TLS,
            "no common TLS version or cipher",
            "The broker at "
                + target.endpoint()
                + " ended the handshake (alert "
                + alert.get()
                + "): it shares no TLS version or cipher with us (we offer TLSv1.3 and"
                + " TLSv1.2).",
            "Check the broker's tls_version and ciphers in mosquitto.conf.");
      }
      // Under TLS 1.2 the broker turns our certificate down inside the handshake.
      return rejected(target, alert.get(), facts.ours());
    }
    if (failure instanceof SocketTimeoutException) {
      return Finding.failed(
          Step.TLS,
          "TLS handshake timed out",
          "The broker at "
              + target.endpoint()
              + " did not answer our TLS hello within "
              + target.timeoutMillis() / 1000
              + " s.",
          "Check that -p names the broker's TLS port and that the broker is not overloaded.");
    }
    boolean plainListener =
        facts.plainAnswer().map(a -> a.kind() == MqttProbe.Kind.CONNACK).orElse(false);
    if (plainListener) {
      return Finding.failed(
          Step.TLS,
          "port " + target.port() + " speaks plain MQTT, we spoke TLS",
          "Port "
              + target.port()
              + " on "
              + target.host()
              + " is a plain MQTT listener (it answered a plain CONNECT), so it dropped our"
              + " TLS hello.",
          "Use the broker's TLS port (8883 unless init chose another; --dir DIR --as NAME"
              + " picks it), or leave out --cafile/--cert/--key to connect without TLS.");
    }
    return Finding.failed(
        Step.TLS,
        "the broker closed the connection during the TLS handshake",
        "The broker at "
            + target.endpoint()
            + " closed the connection during the TLS handshake ("
            + describe(failure)
            + ").",
        "Its log says why (`simplemqtt broker logs --dir " + target.dirForCommands() + "`).");
  }

  /** Why the broker's chain failed: not from our CA, expired, or not covering the dialled host. */
  private static Finding serverChainProblem(
      Target target,
      List<X509Certificate> chain,
      List<X509Certificate> anchors,
      Instant now,
      @Nullable String jdkWords) {
    X509Certificate server = chain.get(0);
    String chainName = LocalFileChecks.fileName(target.tlsChainFile());
    boolean anchored =
        chain.stream()
            .anyMatch(
                c ->
                    anchors.contains(c)
                        || anchors.stream().anyMatch(a -> Certificates.isIssuedBy(c, a)));
    if (!anchored) {
      return Finding.failed(
          Step.TLS,
          "broker certificate not issued by a CA in " + chainName,
          "The broker's certificate ("
              + CertificateWords.name(server)
              + ", issued by "
              + CertificateWords.issuerName(server)
              + ") was not issued by a CA in "
              + target.chainFile()
              + " (which holds: "
              + CertificateWords.names(anchors)
              + "): the chain file is from another broker (a wrong CA).",
          "Use the chain.crt of this broker (certs/chain.crt in its directory, or"
              + " clients/NAME/chain.crt that came with your certificate).");
    }
    for (X509Certificate certificate : chain) {
      String role =
          certificate == server ? "the broker's certificate" : "a CA of the broker's chain";
      Optional<Finding> validity = LocalFileChecks.validity(certificate, role, null, now, target);
      if (validity.isPresent() && validity.get().failed()) {
        Finding f = validity.get();
        return Finding.failed(
            Step.TLS,
            "broker certificate chain: " + f.summary(),
            Objects.requireNonNull(f.cause(), "a warning or failure has a cause"),
            "The broker's admin has to issue new certificates (`simplemqtt cert server --dir DIR`)"
                + " and reload the broker.");
      }
    }
    if (!Certificates.covers(server, target.host())) {
      List<String> covered = CertificateWords.subjectAltNames(server);
      return Finding.failed(
          Step.TLS,
          "broker certificate does not cover " + target.host(),
          "The broker's certificate ("
              + CertificateWords.name(server)
              + ") does not cover "
              + target.host()
              + (covered.isEmpty()
                  ? ": it has no subjectAltName."
                  : "; it covers: " + String.join(", ", covered) + "."),
          "Re-issue it with `simplemqtt cert server --host "
              + target.host()
              + " --dir "
              + target.dirForCommands()
              + "`, or connect to one of the names it covers.");
    }
    List<String> usages = Certificates.extendedKeyUsage(server).orElse(null);
    if (usages != null
        && !usages.contains(Certificates.SERVER_AUTH)
        && !usages.contains(Certificates.ANY_EXTENDED_KEY_USAGE)) {
      return Finding.failed(
          Step.TLS,
          "broker certificate is not a server certificate",
          "The broker's certificate ("
              + CertificateWords.name(server)
              + ") may only be used for "
              + Certificates.describeExtendedKeyUsages(usages)
              + ", not serverAuth.",
          "Re-issue it with `simplemqtt cert server --dir DIR`.");
    }
    return Finding.failed(
        Step.TLS,
        "broker certificate rejected",
        "The broker's certificate ("
            + CertificateWords.name(server)
            + ") was rejected: "
            + (jdkWords != null ? jdkWords : "no reason given")
            + ".",
        "Check that it is a TLS server certificate issued for this broker.");
  }

  // ---------------------------------------------------------------- helpers

  private static String describe(Throwable failure) {
    if (failure instanceof EOFException || failure instanceof SocketException) {
      return "connection "
          + (String.valueOf(failure.getMessage()).contains("reset") ? "reset" : "closed");
    }
    return String.valueOf(failure.getMessage());
  }

  private static Finding noMqttAnswer(Target target) {
    return Finding.failed(
        Step.TLS,
        "no MQTT answer from " + target.endpoint(),
        "The listener on "
            + target.endpoint()
            + " accepted the connection but did not answer our MQTT CONNECT within "
            + target.timeoutMillis() / 1000
            + " s; it may not be an MQTT broker, or it is overloaded.",
        "Check that -p names the broker's MQTT port.");
  }

  private static Finding lostBetweenSteps(Target target, IOException e) {
    return Finding.failed(
        Step.TLS,
        "connection to " + target.endpoint() + " failed",
        "Connecting to " + target.endpoint() + " again failed (" + e.getMessage() + ").",
        "Run doctor again; if it persists, see the broker's log.");
  }
}
