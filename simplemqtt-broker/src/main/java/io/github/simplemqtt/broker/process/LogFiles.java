package io.github.simplemqtt.broker.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads mosquitto's log and output files: the tail, what was added since an offset, errors. */
final class LogFiles {
  /** How much of a file {@link #readSince} looks at, at most: the start-up output is short. */
  static final int MAX_READ = 64 * 1024;

  private static final int CHUNK = 8 * 1024;
  // mosquitto prefixes each line with a unix timestamp ("1716900000: ") by default.
  private static final Pattern TIMESTAMP = Pattern.compile("^\\d+: ");

  private LogFiles() {}

  /** The size of {@code file}, 0 when it does not exist. */
  static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The lines written to {@code file} after it had {@code offset} bytes (all of it when the file is
   * now shorter, as after a rotation), at most the last {@link #MAX_READ} bytes of them; an empty
   * list when the file does not exist.
   */
  static List<String> readSince(Path file, long offset) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = offset > length ? 0 : offset;
      from = Math.max(from, length - MAX_READ);
      byte[] bytes = new byte[(int) (length - from)];
      in.seek(from);
      in.readFully(bytes);
      return lines(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** The last {@code count} lines of {@code file}; an empty list when it does not exist. */
  static List<String> tail(Path file, int count) throws IOException {
    if (count == 0 || !Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = length;
      int newlines = 0;
      // Read backwards a chunk at a time until count + 1 line breaks are seen (or the start).
      while (from > 0 && newlines <= count) {
        int size = (int) Math.min(CHUNK, from);
        from -= size;
        byte[] chunk = new byte[size];
        in.seek(from);
        in.readFully(chunk);
        for (byte b : chunk) {
          if (b == '\n') {
            newlines++;
          }
        }
      }
      byte[] bytes = new byte[(int) (length - from)];
      in.seek(from);
      in.readFully(bytes);
      List<String> lines = lines(new String(bytes, StandardCharsets.UTF_8));
      if (from > 0 && !lines.isEmpty()) {
        lines.remove(0); // probably cut in the middle
      }
      return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
  }

  /**
   * The last {@code max} lines that report an error ("Error" anywhere in the line), without
   * mosquitto's timestamp; when none does, the last {@code max} non-blank lines.
   */
  static List<String> errorLines(List<String> lines, int max) {
    List<String> errors = new ArrayList<>();
    List<String> any = new ArrayList<>();
    for (String line : lines) {
      String text = TIMESTAMP.matcher(line.strip()).replaceFirst("");
      if (text.isEmpty()) {
        continue;
      }
      any.add(text);
      if (text.contains("Error")) {
        errors.add(text);
      }
    }
    List<String> chosen = errors.isEmpty() ? any : errors;
    return List.copyOf(chosen.subList(Math.max(0, chosen.size() - max), chosen.size()));
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
