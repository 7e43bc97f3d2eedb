package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.util.concurrent.TimeUnit;

/** The HiveMQ client settings both protocol versions share. */
final class HiveMq {
  private HiveMq() {}

  static MqttClientBuilder builder(ClientConfig config) {
    var transport =
        MqttClient.builder()
            .identifier(config.clientId())
            .transportConfig()
            .serverHost(config.host())
            .serverPort(config.port())
            .socketConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.tls() != null) {
      transport = transport.sslConfig(ssl(config.tls(), config));
    }
    // Netty enables TCP_NODELAY on client sockets by default, which TLS handshakes need.
    return transport.applyTransportConfig();
  }

  private static MqttClientSslConfig ssl(TlsSetup tls, ClientConfig config) {
    MqttClientSslConfigBuilder ssl =
        MqttClientSslConfig.builder()
            .trustManagerFactory(tls.trustManagerFactory())
            .protocols(tls.protocols())
            .handshakeTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (tls.keyManagerFactory().isPresent()) {
      ssl = ssl.keyManagerFactory(tls.keyManagerFactory().get());
    }
    // Without a verifier HiveMQ turns on the JDK's HTTPS endpoint identification: the dialled
    // name or IP must be in the server certificate's subjectAltName.
    if (tls.hostnameVerifier().isPresent()) {
      ssl = ssl.hostnameVerifier(tls.hostnameVerifier().get());
    }
    return ssl.build();
  }

  static MqttQos qos(int qos) {
    return MqttQos.fromCode(qos);
  }
}
