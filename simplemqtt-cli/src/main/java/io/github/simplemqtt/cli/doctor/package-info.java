/**
 * {@code simplemqtt doctor}: says in plain words why a connection to a broker fails and how to fix
 * it. {@link io.github.simplemqtt.cli.doctor.DoctorCommand} is the picocli command; the checks
 * (local files, network, TLS, MQTT connect, round trip, and the broker directory checks) are
 * package-private and return findings (step, status, cause, fix) that the command prints.
 */
@NullMarked
package io.github.simplemqtt.cli.doctor;

import org.jspecify.annotations.NullMarked;
