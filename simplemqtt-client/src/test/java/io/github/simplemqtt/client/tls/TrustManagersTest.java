package io.github.simplemqtt.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The two small trust managers: the insecure one and the factory that hands ours to HiveMQ. */
class TrustManagersTest {
  private static final X509Certificate[] NO_CHAIN = new X509Certificate[0];

  @Test
  void theInsecureManagerAcceptsAnyServerButRefusesToJudgeClients() throws Exception {
    InsecureTrustManager insecure = new InsecureTrustManager();

    insecure.checkServerTrusted(NO_CHAIN, "UNKNOWN");
    insecure.checkServerTrusted(NO_CHAIN, "UNKNOWN", (SSLEngine) null);
    insecure.checkServerTrusted(NO_CHAIN, "UNKNOWN", (Socket) null);
    assertThat(insecure.getAcceptedIssuers()).isEmpty();
    String refusal = "simplemqtt's insecure trust manager checks no clients.";
    assertThatThrownBy(() -> insecure.checkClientTrusted(NO_CHAIN, "UNKNOWN"))
        .isInstanceOf(CertificateException.class)
        .hasMessage(refusal);
    assertThatThrownBy(() -> insecure.checkClientTrusted(NO_CHAIN, "UNKNOWN", (SSLEngine) null))
        .hasMessage(refusal);
    assertThatThrownBy(() -> insecure.checkClientTrusted(NO_CHAIN, "UNKNOWN", (Socket) null))
        .hasMessage(refusal);
  }

  @Test
  void theFixedFactoryHandsOutItsOneManagerWhateverItIsInitialisedWith() throws Exception {
    InsecureTrustManager manager = new InsecureTrustManager();
    TrustManagerFactory factory = new FixedTrustManagerFactory(manager);

    factory.init((KeyStore) null);

    assertThat(factory.getTrustManagers()).containsExactly(manager);
    assertThat(factory.getAlgorithm()).isEqualTo("simplemqtt-fixed");
    assertThat(factory.getProvider().getName()).isEqualTo("simplemqtt");
  }
}
