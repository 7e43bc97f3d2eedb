/**
 * The broker kit: {@link io.github.simplemqtt.broker.BrokerDirectory} makes and changes a Mosquitto
 * broker directory (certificates, users, ACL, configuration) from {@link
 * io.github.simplemqtt.broker.BrokerSettings}.
 */
@NullMarked
package io.github.simplemqtt.broker;

import org.jspecify.annotations.NullMarked;
