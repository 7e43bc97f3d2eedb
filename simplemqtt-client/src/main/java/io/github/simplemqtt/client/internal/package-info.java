/**
 * How {@link io.github.simplemqtt.client.MqttClient} works: {@link
 * io.github.simplemqtt.client.internal.ClientCore} and the classes it uses over HiveMQ's client.
 * Not exported: not API.
 */
@NullMarked
package io.github.simplemqtt.client.internal;

import org.jspecify.annotations.NullMarked;
