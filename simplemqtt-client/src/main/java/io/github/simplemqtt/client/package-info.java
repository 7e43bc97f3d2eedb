/**
 * The simplemqtt MQTT client: {@link io.github.simplemqtt.client.MqttClient} (made with {@link
 * io.github.simplemqtt.client.MqttClient#builder()}), the messages it sends and receives, the
 * listeners it calls and the exceptions it throws.
 */
@NullMarked
package io.github.simplemqtt.client;

import org.jspecify.annotations.NullMarked;
