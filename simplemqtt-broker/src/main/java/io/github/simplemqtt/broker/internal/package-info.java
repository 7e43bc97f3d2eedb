/**
 * The kit's helpers for files: atomic writes, the directory lock, the user name check. Not
 * exported: not API.
 */
@NullMarked
package io.github.simplemqtt.broker.internal;

import org.jspecify.annotations.NullMarked;
