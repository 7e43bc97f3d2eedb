/**
 * The {@code simplemqtt} command line: {@link io.github.simplemqtt.cli.Main} and one picocli
 * command per subcommand.
 */
@NullMarked
package io.github.simplemqtt.cli;

import org.jspecify.annotations.NullMarked;
