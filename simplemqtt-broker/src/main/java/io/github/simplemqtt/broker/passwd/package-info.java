/**
 * Mosquitto's password file ({@code password_file}), read and written in the exact format of {@code
 * mosquitto_passwd}: {@link io.github.simplemqtt.broker.passwd.PasswordFile}.
 */
@NullMarked
package io.github.simplemqtt.broker.passwd;

import org.jspecify.annotations.NullMarked;
