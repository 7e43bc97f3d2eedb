/**
 * Runs a broker directory's local {@code mosquitto}: {@link
 * io.github.simplemqtt.broker.process.LocalBroker} starts it in the background, waits until its
 * listeners accept connections, and stops, kills, reloads and reports on it, never signalling a
 * process it did not start. {@link io.github.simplemqtt.broker.process.Mosquitto} finds the
 * executable and says how to install it; {@link io.github.simplemqtt.broker.process.FreePorts}
 * picks free loopback ports for tests and throw-away brokers.
 */
@NullMarked
package io.github.simplemqtt.broker.process;

import org.jspecify.annotations.NullMarked;
