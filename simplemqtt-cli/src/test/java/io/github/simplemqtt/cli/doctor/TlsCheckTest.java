package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.pki.HeldCertificate;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.TlsException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsCheck} judges facts made up here, the kind that would take a broken, revoking or
 * misconfigured broker to produce; {@code DoctorIT} runs the probe against real ones.
 */
class TlsCheckTest {
  static HeldCertificate ca;
  static HeldCertificate otherCa;
  static X509Certificate server;
  static X509Certificate client;
  static final Instant NOW = Instant.now();

  @BeforeAll
  static void certificates() {
    ca =
        HeldCertificate.builder()
            .commonName("Test CA")
            .certificateAuthority(0)
            .validityDays(3650)
            .build();
    otherCa =
        HeldCertificate.builder()
            .commonName("Other CA")
            .certificateAuthority(0)
            .validityDays(3650)
            .build();
    server = brokerCertificate("broker", "127.0.0.1", ca, NOW, NOW.plus(Duration.ofDays(365)));
    client =
        HeldCertificate.builder()
            .commonName("bob")
            .clientAuth()
            .validityDays(365)
            .signedBy(ca)
            .build()
            .certificate();
  }

  private static Target target(boolean tls) {
    return new Target(
        "127.0.0.1",
        8883,
        tls ? Path.of("/clients/bob/chain.crt") : null,
        tls ? Path.of("/clients/bob/client.crt") : null,
        tls ? Path.of("/clients/bob/client.key") : null,
        null,
        null,
        MqttVersion.V5,
        Path.of("/srv/mosquitto"),
        "t",
        Duration.ofSeconds(3),
        Duration.ofSeconds(1));
  }

  private static TlsProbe.HandshakeFailed failedHandshake(
      IOException failure,
      Optional<String> alert,
      List<X509Certificate> serverChain,
      Optional<CertificateException> rejection,
      Optional<MqttProbe.Answer> plainAnswer) {
    return new TlsProbe.HandshakeFailed(
        failure,
        alert,
        serverChain,
        rejection,
        List.of(ca.certificate()),
        List.of(client),
        plainAnswer,
        NOW,
        Optional.empty());
  }

  private static TlsProbe.Handshook handshook(
      List<X509Certificate> serverChain,
      TlsProbe.CertificateRequest request,
      Optional<TlsProbe.Reply> reply) {
    return new TlsProbe.Handshook(
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        serverChain,
        request,
        List.of(client),
        reply,
        NOW,
        Optional.empty());
  }

  private static TlsProbe.CertificateRequest askedFor(X509Certificate... cas) {
    List<Principal> issuers =
        java.util.Arrays.stream(cas).map(c -> (Principal) c.getSubjectX500Principal()).toList();
    return new TlsProbe.CertificateRequest(true, issuers);
  }

  private static X509Certificate brokerCertificate(
      String commonName, String host, HeldCertificate issuer, Instant notBefore, Instant notAfter) {
    return HeldCertificate.builder()
        .commonName(commonName)
        .addSubjectAltName(host)
        .serverAuth()
        .validity(notBefore, notAfter)
        .signedBy(issuer)
        .build()
        .certificate();
  }

  /** The finding for a handshake in which our trust manager turned down {@code serverChain}. */
  private static Finding chainRejected(X509Certificate server, String jdkWords) {
    return last(
        TlsCheck.judge(
            failedHandshake(
                new SSLHandshakeException(jdkWords),
                Optional.empty(),
                List.of(server),
                Optional.of(new CertificateException(jdkWords)),
                Optional.empty()),
            target(true)));
  }

  /** The finding for a handshake the broker ended with {@code alert}. */
  private static Finding alertInHandshake(String alert) {
    return last(
        TlsCheck.judge(
            failedHandshake(
                new SSLHandshakeException("Received fatal alert: " + alert),
                Optional.of(alert),
                List.of(),
                Optional.empty(),
                Optional.empty()),
            target(true)));
  }

  /** The findings for a passed handshake whose CONNECT got {@code kind} (and {@code alert}). */
  private static List<Finding> replied(MqttProbe.Kind kind, Optional<String> alert) {
    return TlsCheck.judge(
        handshook(
            List.of(server),
            askedFor(ca.certificate()),
            Optional.of(new TlsProbe.Reply(kind, alert))),
        target(true));
  }

  private static Finding last(List<Finding> findings) {
    return findings.get(findings.size() - 1);
  }

  @Test
  void aPlainListenerThatAnswersPasses() {
    List<Finding> findings =
        TlsCheck.judge(
            new TlsProbe.Plain(
                new MqttProbe.Answer(MqttProbe.Kind.CONNACK, 0, null), Optional.empty()),
            target(false));

    assertThat(findings).singleElement().matches(f -> f.status() == Status.PASSED);
    assertThat(findings.get(0).summary()).isEqualTo("not used: port 8883 speaks plain MQTT");
  }

  @Test
  void aPlainConnectToAPortThatPresentsACertificateNamesIt() {
    Finding finding =
        last(
            TlsCheck.judge(
                new TlsProbe.Plain(
                    new MqttProbe.Answer(MqttProbe.Kind.CLOSED, -1, new EOFException()),
                    Optional.of(server)),
                target(false)));

    assertThat(finding.failed()).isTrue();
    assertThat(finding.summary()).isEqualTo("port 8883 speaks TLS, we spoke plain MQTT");
    assertThat(finding.cause()).contains("it presented the certificate CN=broker");
  }

  @Test
  void aPlainConnectClosedByAPortWithoutTlsIsNoMqttAnswer() {
    Finding finding =
        last(
            TlsCheck.judge(
                new TlsProbe.Plain(
                    new MqttProbe.Answer(MqttProbe.Kind.CLOSED, -1, new EOFException()),
                    Optional.empty()),
                target(false)));

    assertThat(finding.summary()).isEqualTo("no MQTT answer from 127.0.0.1:8883");
    assertThat(finding.cause()).contains("does not speak TLS either");
  }

  @Test
  void aConnectionLostBetweenStepsSaysSo() {
    Finding finding =
        last(TlsCheck.judge(new TlsProbe.Lost(new IOException("Broken pipe")), target(true)));

    assertThat(finding.summary()).isEqualTo("connection to 127.0.0.1:8883 failed");
    assertThat(finding.cause()).contains("(Broken pipe)");
  }

  @Test
  void filesTheClientCannotUseAreReportedInItsWords() {
    Finding finding =
        last(
            TlsCheck.judge(
                new TlsProbe.Unusable(
                    new TlsException(
                        "/clients/bob/client.key is encrypted",
                        "pass its passphrase with keyPassphrase(...).",
                        Path.of("/clients/bob/client.key"),
                        null)),
                target(true)));

    assertThat(finding.summary()).isEqualTo("cannot set up TLS");
    assertThat(finding.cause()).isEqualTo("/clients/bob/client.key is encrypted.");
    assertThat(finding.fix()).isEqualTo("Pass its passphrase with keyPassphrase(...).");
  }

  @Test
  void aBrokerChainFromAnotherCaIsAWrongChainFile() {
    X509Certificate foreign =
        brokerCertificate("elsewhere", "127.0.0.1", otherCa, NOW, NOW.plus(Duration.ofDays(365)));
    Finding finding = chainRejected(foreign, "PKIX path building failed");

    assertThat(finding.summary()).isEqualTo("broker certificate not issued by a CA in chain.crt");
    assertThat(finding.cause())
        .contains("(CN=elsewhere, issued by CN=Other CA)")
        .contains("which holds: CN=Test CA");
  }

  @Test
  void anExpiredBrokerCertificateFailsTheChain() {
    X509Certificate expired =
        brokerCertificate(
            "broker",
            "127.0.0.1",
            ca,
            NOW.minus(Duration.ofDays(60)),
            NOW.minus(Duration.ofDays(1)));
    Finding finding = chainRejected(expired, "validity check failed");

    assertThat(finding.summary()).startsWith("broker certificate chain: ").endsWith("has expired");
    assertThat(finding.fix()).contains("simplemqtt cert server --dir DIR");
  }

  @Test
  void aBrokerCertificateForAnotherNameSaysWhatItCovers() {
    X509Certificate elsewhere =
        brokerCertificate(
            "broker.example", "broker.example", ca, NOW, NOW.plus(Duration.ofDays(365)));
    Finding finding = chainRejected(elsewhere, "No subject alternative names matching");

    assertThat(finding.summary()).isEqualTo("broker certificate does not cover 127.0.0.1");
    assertThat(finding.cause()).contains("it covers: DNS broker.example");
    assertThat(finding.fix())
        .isEqualTo(
            "Re-issue it with `simplemqtt cert server --host 127.0.0.1 --dir /srv/mosquitto`, or"
                + " connect to one of the names it covers.");
  }

  @Test
  void aRevocationAlertInTheHandshakeNamesTheCertificateAndTheUser() {
    Finding finding = alertInHandshake("certificate_revoked");

    assertThat(finding.summary()).isEqualTo("the broker rejected our certificate: revoked");
    assertThat(finding.cause()).contains("our client certificate CN=bob as revoked");
    assertThat(finding.fix()).contains("`simplemqtt cert client bob --dir /srv/mosquitto`");
  }

  @Test
  void aHandshakeFailureAlertIsNoCommonVersion() {
    Finding finding = alertInHandshake("handshake_failure");

    assertThat(finding.summary()).isEqualTo("no common TLS version or cipher");
    assertThat(finding.fix()).contains("tls_version");
  }

  @Test
  void aSilentHandshakeTimesOutInSeconds() {
    Finding finding =
        last(
            TlsCheck.judge(
                failedHandshake(
                    new SocketTimeoutException("Read timed out"),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty()),
                target(true)));

    assertThat(finding.summary()).isEqualTo("TLS handshake timed out");
    assertThat(finding.cause()).endsWith("did not answer our TLS hello within 3 s.");
  }

  @Test
  void aClosedHandshakeOnAPortThatAnswersPlainMqttIsThePlainPort() {
    TlsProbe.HandshakeFailed facts =
        failedHandshake(
            new EOFException("SSL peer shut down incorrectly"),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.of(new MqttProbe.Answer(MqttProbe.Kind.CONNACK, 0, null)));

    Finding finding = last(TlsCheck.judge(facts, target(true)));

    assertThat(finding.summary()).isEqualTo("port 8883 speaks plain MQTT, we spoke TLS");
  }

  @Test
  void aClosedHandshakeOnAPortThatAnswersNothingPointsAtTheLog() {
    TlsProbe.HandshakeFailed facts =
        failedHandshake(
            new java.net.SocketException("Connection reset"),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.of(new MqttProbe.Answer(MqttProbe.Kind.CLOSED, -1, new EOFException())));

    Finding finding = last(TlsCheck.judge(facts, target(true)));

    assertThat(finding.summary())
        .isEqualTo("the broker closed the connection during the TLS handshake");
    assertThat(finding.cause()).contains("(connection reset)");
    assertThat(finding.fix()).contains("simplemqtt broker logs --dir /srv/mosquitto");
  }

  @Test
  void aHandshakeThatPassesAndAnAcceptedCertificateMakeFivePassedFindings() {
    List<Finding> findings = replied(MqttProbe.Kind.CONNACK, Optional.empty());

    assertThat(findings).hasSize(5).allMatch(f -> f.status() == Status.PASSED);
    assertThat(findings)
        .extracting(Finding::summary)
        .containsExactly(
            "TLSv1.3 handshake, cipher TLS_AES_128_GCM_SHA256",
            "broker certificate CN=broker (issued by CN=Test CA) verified against chain.crt",
            "it covers 127.0.0.1 (it covers: IP 127.0.0.1)",
            "the broker asks for a client certificate from CN=Test CA; ours (CN=bob) is issued by"
                + " CN=Test CA",
            "the broker accepted our certificate CN=bob");
  }

  @Test
  void aBrokerCertificateAboutToExpireIsAWarning() {
    X509Certificate expiring =
        brokerCertificate(
            "broker",
            "127.0.0.1",
            ca,
            NOW.minus(Duration.ofDays(300)),
            NOW.plus(Duration.ofDays(5)));
    List<Finding> findings =
        TlsCheck.judge(
            handshook(
                List.of(expiring),
                askedFor(ca.certificate()),
                Optional.of(new TlsProbe.Reply(MqttProbe.Kind.CONNACK, Optional.empty()))),
            target(true));

    assertThat(findings).noneMatch(Finding::failed);
    assertThat(findings)
        .filteredOn(f -> f.status() == Status.WARNING)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.summary()).endsWith("expires soon");
              assertThat(f.fix()).contains("simplemqtt cert server --dir DIR");
            });
  }

  @Test
  void aRequestForCertificatesFromOtherCasFailsBeforeAnyReply() {
    TlsProbe.CertificateRequest request = askedFor(otherCa.certificate());
    assertThat(request.unmetBy(List.of(client))).isTrue();

    List<Finding> findings =
        TlsCheck.judge(handshook(List.of(server), request, Optional.empty()), target(true));

    Finding finding = last(findings);
    assertThat(finding.summary())
        .isEqualTo("the broker accepts client certificates from other CAs");
    assertThat(finding.cause())
        .isEqualTo(
            "The broker asks for a client certificate issued by CN=Other CA, and ours (CN=bob)"
                + " was issued by CN=Test CA.");
  }

  @Test
  void aBrokerThatDoesNotAskWarnsThatOurCertificateGoesUnused() {
    TlsProbe.CertificateRequest request = new TlsProbe.CertificateRequest(false, List.of());
    assertThat(request.unmetBy(List.of(client))).isFalse();

    List<Finding> findings =
        TlsCheck.judge(
            handshook(
                List.of(server),
                request,
                Optional.of(new TlsProbe.Reply(MqttProbe.Kind.CONNACK, Optional.empty()))),
            target(true));

    assertThat(findings)
        .filteredOn(f -> f.status() == Status.WARNING)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.summary()).isEqualTo("the broker did not ask for a client certificate");
              assertThat(f.cause()).contains("CN=bob is not used");
            });
  }

  @Test
  void aConnectionClosedAfterTheHandshakeWithoutAnAlertPointsAtTheLog() {
    Finding finding = last(replied(MqttProbe.Kind.CLOSED, Optional.empty()));

    assertThat(finding.summary()).isEqualTo("the broker closed the connection after the handshake");
    assertThat(finding.cause()).contains("it most likely rejected our certificate CN=bob.");
  }

  @Test
  void anUnknownCaAlertAfterTheHandshakeNamesOurIssuer() {
    Finding finding = last(replied(MqttProbe.Kind.TLS_FAILURE, Optional.of("unknown_ca")));

    assertThat(finding.summary()).isEqualTo("the broker rejected our certificate: unknown CA");
    assertThat(finding.cause()).contains("CN=bob (CN=Test CA) (TLS alert unknown_ca)");
  }

  @Test
  void aCloseThatFailsAfterwardsIsReportedAfterWhatWasLearned() {
    TlsProbe.Handshook facts =
        new TlsProbe.Handshook(
            "TLSv1.2",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            List.of(server),
            askedFor(ca.certificate()),
            List.of(client),
            Optional.of(new TlsProbe.Reply(MqttProbe.Kind.CONNACK, Optional.empty())),
            NOW,
            Optional.of(new IOException("close failed")));

    List<Finding> findings = TlsCheck.judge(facts, target(true));

    assertThat(findings.get(findings.size() - 2).summary())
        .isEqualTo("the broker accepted our certificate CN=bob");
    assertThat(last(findings).summary()).isEqualTo("connection to 127.0.0.1:8883 failed");
  }

  @Test
  void theProbeReadsTheAlertTheJdkNamesInTheCauseChain() {
    IOException failure =
        new IOException(
            "wrapped", new SSLHandshakeException("Received fatal alert: certificate_expired"));

    assertThat(TlsProbe.alert(failure)).contains("certificate_expired");
    assertThat(TlsProbe.alert(new EOFException("closed"))).isEmpty();
  }
}
