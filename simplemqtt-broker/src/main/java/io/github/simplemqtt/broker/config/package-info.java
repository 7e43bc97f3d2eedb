/**
 * The text files that run a broker directory: {@code mosquitto.conf} ({@link
 * io.github.simplemqtt.broker.config.MosquittoConfig}), {@code docker-compose.yml} ({@link
 * io.github.simplemqtt.broker.config.DockerCompose}) and a systemd unit ({@link
 * io.github.simplemqtt.broker.config.SystemdUnit}). All name the broker's files relative to the
 * broker directory, so one mosquitto.conf serves the local process, systemd and Docker.
 */
@NullMarked
package io.github.simplemqtt.broker.config;

import org.jspecify.annotations.NullMarked;
