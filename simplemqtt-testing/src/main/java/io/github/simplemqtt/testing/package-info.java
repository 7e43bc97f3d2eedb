/**
 * Test support: a real, secured, throw-away Mosquitto for JUnit 5 tests, with no Docker.
 *
 * <p>Annotate a test class with {@link io.github.simplemqtt.testing.MosquittoTest} (or register
 * {@link io.github.simplemqtt.testing.MosquittoExtension} built in code), then ask for a {@link
 * io.github.simplemqtt.testing.MosquittoBroker}, a {@link
 * io.github.simplemqtt.testing.RecordingHandler} or a {@link
 * io.github.simplemqtt.testing.ConnectedClient} {@code MqttClient} in test methods.
 */
@NullMarked
package io.github.simplemqtt.testing;

import org.jspecify.annotations.NullMarked;
