/**
 * The broker's certificate authority: {@link io.github.simplemqtt.broker.pki.Pki} makes the root
 * CA, the signing CA, the server certificate, client certificates and the CRL, and keeps them as
 * PEM files in the broker directory.
 */
@NullMarked
package io.github.simplemqtt.broker.pki;

import org.jspecify.annotations.NullMarked;
