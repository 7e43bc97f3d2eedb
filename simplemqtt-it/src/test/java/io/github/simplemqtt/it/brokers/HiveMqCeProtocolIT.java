package io.github.simplemqtt.it.brokers;

import io.github.simplemqtt.client.MqttClient;

/** The protocol round trips against HiveMQ CE in its strict profile. */
class HiveMqCeProtocolIT extends ProtocolRoundTrips {
  private final HiveMqCe broker = HiveMqCe.get();

  @Override
  MqttClient.Builder client() {
    return broker.client();
  }

  @Override
  int maxPacket() {
    return HiveMqCe.MAX_PACKET;
  }
}
