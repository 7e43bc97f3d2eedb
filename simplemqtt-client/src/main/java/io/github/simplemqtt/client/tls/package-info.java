/**
 * TLS for {@link io.github.simplemqtt.client.MqttClient}: loads the broker's {@code chain.crt} and
 * the client's PEM certificate and key, checks them before any network traffic, and builds the
 * trust and key managers. {@link io.github.simplemqtt.client.tls.TlsSetup} is the entry point;
 * everything else in this package is internal.
 */
@NullMarked
package io.github.simplemqtt.client.tls;

import org.jspecify.annotations.NullMarked;
