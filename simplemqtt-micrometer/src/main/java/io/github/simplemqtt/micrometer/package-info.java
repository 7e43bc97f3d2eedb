/** Micrometer meters for the simplemqtt client; see {@link MqttClientMetrics}. */
package io.github.simplemqtt.micrometer;
