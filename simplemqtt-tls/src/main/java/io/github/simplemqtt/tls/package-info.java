/**
 * PEM and certificates: {@link io.github.simplemqtt.tls.Pem} reads and writes PEM files and text,
 * {@link io.github.simplemqtt.tls.PemBlock} is one decoded block, {@link
 * io.github.simplemqtt.tls.PemException} says what is wrong with a file (a {@link
 * io.github.simplemqtt.tls.PemException.Problem} and a sentence), {@link
 * io.github.simplemqtt.tls.Certificates} and {@link io.github.simplemqtt.tls.SubjectAltName} tell
 * what a certificate says, and {@link io.github.simplemqtt.tls.Keys} whether a key is a
 * certificate's. Every other class here is an implementation detail.
 */
@NullMarked
package io.github.simplemqtt.tls;

import org.jspecify.annotations.NullMarked;
