/**
 * The benchmark behind {@code simplemqtt bench}: simplemqtt's client side by side with HiveMQ's
 * client used directly, Eclipse Paho Java and mosquitto_pub/mosquitto_sub, on brokers the kit
 * starts. {@link io.github.simplemqtt.benchmarks.Bench} runs it with {@link
 * io.github.simplemqtt.benchmarks.BenchOptions}; everything else in this package is internal.
 */
@NullMarked
package io.github.simplemqtt.benchmarks;

import org.jspecify.annotations.NullMarked;
