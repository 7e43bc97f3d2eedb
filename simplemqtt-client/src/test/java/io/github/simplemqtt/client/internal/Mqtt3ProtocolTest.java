package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Mqtt3ProtocolTest {

  @Test
  void packetSizeCountsHeaderTopicPacketIdAndPayload() {
    // Fixed header byte, remaining length, 2-byte topic length, topic, packet id from QoS 1.
    assertThat(Mqtt3Protocol.packetSize("a/b", 0, 0)).isEqualTo(1 + 1 + 2 + 3);
    assertThat(Mqtt3Protocol.packetSize("a/b", 10, 1)).isEqualTo(1 + 1 + 2 + 3 + 2 + 10);
    assertThat(Mqtt3Protocol.packetSize("ü", 0, 0)).isEqualTo(1 + 1 + 2 + 2); // UTF-8 bytes
  }

  @Test
  void remainingLengthGrowsAByteAt128And16384() {
    // Remaining length = 2 + 1 + payload.
    assertThat(Mqtt3Protocol.packetSize("t", 124, 0)).isEqualTo(1 + 1 + 127);
    assertThat(Mqtt3Protocol.packetSize("t", 125, 0)).isEqualTo(1 + 2 + 128);
    assertThat(Mqtt3Protocol.packetSize("t", 16_380, 0)).isEqualTo(1 + 2 + 16_383);
    assertThat(Mqtt3Protocol.packetSize("t", 16_381, 0)).isEqualTo(1 + 3 + 16_384);
  }

  @Test
  void aLargerPublishStillInFlightIsBlamedBeforeASmallerLaterOne() {
    var big = new Mqtt3Protocol.SentPublish("big", 0, 5_000);
    var small = new Mqtt3Protocol.SentPublish("small", 0, 50);
    assertThat(big.outweighs(small)).isTrue();
    assertThat(small.outweighs(big)).isFalse();
    big.finished();
    assertThat(big.stillSuspect(System.nanoTime())).as("just sent").isTrue();
    assertThat(big.stillSuspect(System.nanoTime() + 2_000_000_000L)).as("2 s later").isFalse();
  }
}
