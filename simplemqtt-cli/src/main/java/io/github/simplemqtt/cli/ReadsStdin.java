package io.github.simplemqtt.cli;

import java.io.InputStream;

/** A command that reads standard input; the factory in {@link Main} hands it the stream. */
interface ReadsStdin {
  void stdin(InputStream stdin);
}
