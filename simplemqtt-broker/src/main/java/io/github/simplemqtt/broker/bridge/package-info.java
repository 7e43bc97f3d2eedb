/**
 * Bridges from a kit broker (an edge) to another (a central one): mosquitto forwards chosen topics
 * over mutual TLS with a certificate from the central's CA, whose ACL limits it to those topics.
 *
 * <p>{@link io.github.simplemqtt.broker.bridge.Bridges} adds, lists and removes an edge's bridges
 * and issues a bridge's bundle on the central; {@link io.github.simplemqtt.broker.bridge.Bridge} is
 * one bridge as the edge's mosquitto.conf declares it; {@link
 * io.github.simplemqtt.broker.bridge.BridgeTopic} one of its {@code topic} lines.
 */
@NullMarked
package io.github.simplemqtt.broker.bridge;

import org.jspecify.annotations.NullMarked;
