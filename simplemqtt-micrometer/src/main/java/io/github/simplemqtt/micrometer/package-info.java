/** Micrometer meters for the simplemqtt client; see {@link MqttClientMetrics}. */
@NullMarked
package io.github.simplemqtt.micrometer;

import org.jspecify.annotations.NullMarked;
