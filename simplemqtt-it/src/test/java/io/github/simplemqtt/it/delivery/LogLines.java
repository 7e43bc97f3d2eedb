package io.github.simplemqtt.it.delivery;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what slf4j-simple (the tests' logger) writes to standard error, which it looks up at
 * every line, while still passing it through.
 */
public final class LogLines implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  public LogLines() {
    PrintStream tee =
        new PrintStream(
            new java.io.OutputStream() {
              @Override
              public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
              }

              @Override
              public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8);
    System.setErr(tee);
  }

  /** The captured lines containing every one of {@code parts}. */
  public List<String> containing(String... parts) {
    String text;
    synchronized (this) {
      text = captured.toString(StandardCharsets.UTF_8);
    }
    return Arrays.stream(text.split("\n"))
        .filter(line -> Arrays.stream(parts).allMatch(line::contains))
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
