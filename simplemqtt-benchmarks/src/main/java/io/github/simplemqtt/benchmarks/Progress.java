package io.github.simplemqtt.benchmarks;

import java.io.PrintWriter;

/**
 * A one-line progress bar, redrawn in place; silent when the stream is not a terminal, so logs and
 * captured output stay clean.
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean enabled;
  private final int total;
  private final long start = System.nanoTime();
  private int done;

  Progress(PrintWriter out, boolean enabled, int total) {
    this.out = out;
    this.enabled = enabled;
    this.total = Math.max(1, total);
  }

  void show(String what) {
    if (!enabled) {
      return;
    }
    int filled = done * WIDTH / total;
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    String line =
        String.format(
            "\r[%s%s] %3d%% %3ds  %s",
            "#".repeat(filled), " ".repeat(WIDTH - filled), done * 100 / total, seconds, what);
    out.print(
        line.length() > 110 ? line.substring(0, 110) : line + " ".repeat(110 - line.length()));
    out.flush();
  }

  void step() {
    done++;
  }

  void finish() {
    if (enabled) {
      out.print("\r" + " ".repeat(112) + "\r");
      out.flush();
    }
  }
}
