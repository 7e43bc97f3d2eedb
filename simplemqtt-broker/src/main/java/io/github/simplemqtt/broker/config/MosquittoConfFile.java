package io.github.simplemqtt.broker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One {@code mosquitto.conf}, as lines: the kit writes its own with it ({@link
 * MosquittoConfig#toConfFile()}) and reads any other with it, its own after a person edited it
 * included. Reading keeps every line as it was, comments, unknown options and line endings too, so
 * {@code parse(text).text()} is {@code text}; an edit ({@link #withAclFile(String)}) changes only
 * the lines it is about.
 *
 * <p>The questions it answers are read as mosquitto 2.0 reads the file: a line whose first
 * non-blank character is {@code #} is a comment (a {@code #} after a value is part of the value),
 * blanks around the line are not part of it, an option is the first word and its value the rest,
 * {@code include_dir} reads the {@code .conf} files of a folder, in name order, where it stands
 * (when the file was {@link #read(Path, Path) read} from disk), and the settings after a {@code
 * listener} line belong to that listener. Option names are matched without regard to case.
 *
 * <p>Immutable.
 */
public final class MosquittoConfFile {

  /** The port mosquitto 2.0 listens on, on the loopback interface only, when no listener is set. */
  public static final int DEFAULT_PORT = 1883;

  /** The comment the kit writes above each {@code acl_file} line. */
  static final String ACL_COMMENT = "# Which topics each user may read and write.";

  /**
   * One option line.
   *
   * @param name the option, lower case
   * @param value the rest of the line without the blanks around it; empty when there is none
   */
  public record Option(String name, String value) {
    /** Checks that neither is null. */
    public Option {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /** The option as a mosquitto.conf line. */
    @Override
    public String toString() {
      return value.isEmpty() ? name : name + " " + value;
    }
  }

  /**
   * One TCP listener and its own settings.
   *
   * @param port 1 to 65535
   * @param bindAddress the address it binds, as written; empty for every interface
   * @param settings the options that follow its {@code listener} line up to the next one, in order
   *     (with {@code per_listener_settings true}, its security settings); empty for the listener of
   *     the old {@code port} option and for mosquitto's default listener
   */
  public record Listener(int port, Optional<String> bindAddress, List<Option> settings) {
    /** Checks the port and copies the settings. */
    public Listener {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("listener port must be 1 to 65535, not " + port);
      }
      Objects.requireNonNull(bindAddress, "bindAddress");
      settings = List.copyOf(settings);
    }

    /** The last value of {@code option} among this listener's settings. */
    public Optional<String> setting(String option) {
      String name = option.toLowerCase(Locale.ROOT);
      Optional<String> found = Optional.empty();
      for (Option o : settings) {
        if (o.name().equals(name)) {
          found = Optional.of(o.value());
        }
      }
      return found;
    }

    /** {@code address:port}, or the port alone when it binds every interface. */
    @Override
    public String toString() {
      return bindAddress.map(a -> a + ":" + port).orElse(String.valueOf(port));
    }
  }

  /**
   * One line of the file.
   *
   * @param text the line without its line ending
   * @param ending {@code "\n"}, {@code "\r\n"}, or empty for a last line without one
   * @param option the option it sets, or null for a blank line or a comment
   */
  private record Line(String text, String ending, @Nullable Option option) {
    static Line of(String text, String ending) {
      String line = text.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return new Line(text, ending, null);
      }
      String[] words = line.split("\\s+", 2);
      return new Line(
          text,
          ending,
          new Option(words[0].toLowerCase(Locale.ROOT), words.length > 1 ? words[1].strip() : ""));
    }
  }

  private final List<Line> lines;

  /** The options in the order mosquitto reads them: include_dir files expanded in place. */
  private final List<Option> options;

  private MosquittoConfFile(List<Line> lines, List<Option> options) {
    this.lines = List.copyOf(lines);
    this.options = List.copyOf(options);
  }

  /**
   * The file in {@code text}; {@code include_dir} lines are kept but not followed.
   *
   * @param text the file's text, with {@code \n} or {@code \r\n} line endings
   */
  public static MosquittoConfFile parse(String text) {
    List<Line> lines = split(text);
    return new MosquittoConfFile(
        lines, lines.stream().map(Line::option).filter(Objects::nonNull).toList());
  }

  /**
   * Reads {@code file} (UTF-8) and the files its {@code include_dir} lines name, as mosquitto
   * started in {@code workingDirectory} would. A folder that {@code include_dir} names but that
   * does not exist adds nothing here (mosquitto itself refuses it, and says so).
   *
   * @throws IOException when {@code file} or an included file cannot be read ({@link
   *     NoSuchFileException} when {@code file} does not exist)
   */
  public static MosquittoConfFile read(Path file, Path workingDirectory) throws IOException {
    List<Line> lines = split(Files.readString(file, StandardCharsets.UTF_8));
    List<Option> options = new ArrayList<>();
    expand(lines, workingDirectory, options, 0);
    return new MosquittoConfFile(lines, options);
  }

  private static void expand(List<Line> lines, Path workingDirectory, List<Option> out, int depth)
      throws IOException {
    for (Line line : lines) {
      Option option = line.option();
      if (option == null) {
        continue;
      }
      out.add(option);
      if (option.name().equals("include_dir") && !option.value().isEmpty()) {
        if (depth > 8) {
          throw new IOException(
              "include_dir nests deeper than 8 folders at " + line.text().strip());
        }
        for (Path included : includedFiles(workingDirectory.resolve(option.value()))) {
          expand(
              split(Files.readString(included, StandardCharsets.UTF_8)),
              workingDirectory,
              out,
              depth + 1);
        }
      }
    }
  }

  private static List<Path> includedFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".conf"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
  }

  private static List<Line> split(String text) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int newline = text.indexOf('\n', start);
      if (newline < 0) {
        lines.add(Line.of(text.substring(start), ""));
        break;
      }
      boolean crlf = newline > start && text.charAt(newline - 1) == '\r';
      lines.add(Line.of(text.substring(start, crlf ? newline - 1 : newline), crlf ? "\r\n" : "\n"));
      start = newline + 1;
    }
    return lines;
  }

  /** The file's text: exactly what was parsed or read, with the edits made since. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      out.append(line.text()).append(line.ending());
    }
    return out.toString();
  }

  /**
   * Every option, in the order mosquitto reads them (with the {@code include_dir} files of a file
   * {@link #read(Path, Path) read} from disk in place, after their {@code include_dir} line).
   */
  public List<Option> options() {
    return options;
  }

  /** Every value of {@code option} in reading order, repeated ones too (one per listener, say). */
  public List<String> values(String option) {
    String name = option.toLowerCase(Locale.ROOT);
    return options.stream().filter(o -> o.name().equals(name)).map(Option::value).toList();
  }

  /** The last value of {@code option}: the one mosquitto keeps for a global setting. */
  public Optional<String> value(String option) {
    List<String> values = values(option);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /**
   * The TCP listeners mosquitto opens, in reading order: the old {@code port} option's (with {@code
   * bind_address}) first, then each {@code listener} line's, skipping unix sockets ({@code listener
   * 0 PATH}); with none, mosquitto's own on {@value #DEFAULT_PORT} of {@code 127.0.0.1}.
   *
   * @throws IllegalArgumentException quoting a {@code listener} or {@code port} line with no port
   *     of 0 to 65535 (mosquitto refuses to start with it)
   */
  public List<Listener> listeners() {
    List<Listener> listeners = new ArrayList<>();
    Integer defaultPort = null;
    String defaultBind = null;
    Integer port = null;
    String bind = null;
    List<Option> settings = new ArrayList<>();
    boolean inBridge = false;
    for (Option option : options) {
      if (option.name().equals("connection")) {
        inBridge = true;
        continue;
      }
      if (inBridge && !option.name().equals("listener")) {
        continue; // a bridge's own option, not the listener's
      }
      inBridge = false;
      switch (option.name()) {
        case "listener" -> {
          if (port != null && port != 0) {
            listeners.add(new Listener(port, Optional.ofNullable(bind), settings));
          }
          String[] words = option.value().split("\\s+");
          port = parsePort(words[0], option);
          bind = words.length > 1 ? words[1] : null;
          settings = new ArrayList<>();
        }
        case "port" -> defaultPort = parsePort(option.value(), option);
        case "bind_address" -> defaultBind = option.value();
        default -> settings.add(option);
      }
    }
    if (port != null && port != 0) {
      listeners.add(new Listener(port, Optional.ofNullable(bind), settings));
    }
    if (defaultPort != null && defaultPort != 0) {
      listeners.add(0, new Listener(defaultPort, Optional.ofNullable(defaultBind), List.of()));
    }
    if (listeners.isEmpty()) {
      listeners.add(new Listener(DEFAULT_PORT, Optional.of("127.0.0.1"), List.of()));
    }
    return List.copyOf(listeners);
  }

  /**
   * The distinct ports of {@link #listeners()}, in order.
   *
   * @throws IllegalArgumentException as {@link #listeners()}
   */
  public List<Integer> ports() {
    Set<Integer> ports = new LinkedHashSet<>();
    listeners().forEach(l -> ports.add(l.port()));
    return List.copyOf(ports);
  }

  /** The first {@code log_dest file} path, as written. */
  public Optional<String> logFile() {
    for (String value : values("log_dest")) {
      String[] words = value.split("\\s+", 2);
      if (words[0].equals("file") && words.length > 1) {
        return Optional.of(words[1].strip());
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code log_type} values, lower case; empty means mosquitto's default (error, warning,
   * notice, information).
   */
  public Set<String> logTypes() {
    Set<String> types = new LinkedHashSet<>();
    values("log_type").forEach(t -> types.add(t.toLowerCase(Locale.ROOT)));
    return Set.copyOf(types);
  }

  /** The {@code user} option, as written: whom mosquitto started as root becomes. */
  public Optional<String> user() {
    return value("user");
  }

  /** Whether {@code per_listener_settings true} makes security settings belong to a listener. */
  public boolean perListenerSettings() {
    return value("per_listener_settings").map("true"::equalsIgnoreCase).orElse(false);
  }

  /**
   * This file with {@code acl_file} set to {@code aclFile} on every listener (or once, without
   * {@code per_listener_settings true}), or with no {@code acl_file} when {@code aclFile} is null.
   * Every other line stays as it was: the old {@code acl_file} lines go (with the comment the kit
   * writes above them), and the new ones follow the last option of each listener, as the kit writes
   * them. Options from {@code include_dir} files are not changed.
   */
  public MosquittoConfFile withAclFile(@Nullable String aclFile) {
    String ending = lineEnding();
    List<Line> kept = new ArrayList<>();
    for (Line line : lines) {
      Option option = line.option();
      if (option != null && option.name().equals("acl_file")) {
        if (!kept.isEmpty() && kept.get(kept.size() - 1).text().strip().equals(ACL_COMMENT)) {
          kept.remove(kept.size() - 1);
        }
        continue;
      }
      kept.add(line);
    }
    if (aclFile == null) {
      return parsed(kept);
    }
    // After the last option of each section: before the first listener (when it sets the old port
    // option or no listener follows), and each listener's.
    List<Integer> lastOptionOfSection = new ArrayList<>();
    boolean perListener = perListenerSettings();
    boolean defaultListener = false;
    boolean anyListener = false;
    int last = -1;
    boolean inBridge = false;
    for (int i = 0; i < kept.size(); i++) {
      Option option = kept.get(i).option();
      if (option == null) {
        continue;
      }
      // A bridge section runs from its connection line to the next listener or connection; an
      // acl_file written inside it would read as one of its options to a person.
      if (option.name().equals("connection")) {
        inBridge = true;
        continue;
      }
      if (inBridge && !option.name().equals("listener")) {
        continue;
      }
      inBridge = false;
      if (option.name().equals("listener")) {
        if (anyListener || defaultListener) {
          lastOptionOfSection.add(last);
        }
        anyListener = true;
      } else if (option.name().equals("port") && !anyListener) {
        defaultListener = true;
      }
      last = i;
    }
    if (last >= 0 && (anyListener || defaultListener)) {
      lastOptionOfSection.add(last);
    }
    if (!perListener || lastOptionOfSection.isEmpty()) {
      lastOptionOfSection = last < 0 ? List.of() : List.of(last);
    }
    List<Line> out = new ArrayList<>();
    if (kept.isEmpty()) {
      out.add(new Line(ACL_COMMENT, ending, null));
      out.add(Line.of("acl_file " + aclFile, ending));
      return parsed(out);
    }
    for (int i = 0; i < kept.size(); i++) {
      Line line = kept.get(i);
      if (lastOptionOfSection.contains(i)) {
        out.add(line.ending().isEmpty() ? new Line(line.text(), ending, line.option()) : line);
        out.add(new Line(ACL_COMMENT, ending, null));
        boolean endsFile = i == kept.size() - 1 && line.ending().isEmpty();
        out.add(Line.of("acl_file " + aclFile, endsFile ? "" : ending));
      } else {
        out.add(line);
      }
    }
    return parsed(out);
  }

  /**
   * The names of the bridges this file declares ({@code connection NAME} lines), in order. A
   * bridge's section runs from its {@code connection} line to the next {@code connection} or {@code
   * listener} line or the end of the file; mosquitto reads it only when it starts.
   */
  public List<String> connections() {
    return options.stream().filter(o -> o.name().equals("connection")).map(Option::value).toList();
  }

  /**
   * The options of bridge {@code name}'s section, without its {@code connection} line; empty when
   * there is no such bridge.
   */
  public List<Option> connection(String name) {
    List<Option> section = new ArrayList<>();
    boolean in = false;
    for (Option option : options) {
      if (option.name().equals("connection")) {
        if (in) {
          break;
        }
        in = option.value().equals(name);
      } else if (option.name().equals("listener")) {
        if (in) {
          break;
        }
      } else if (in) {
        section.add(option);
      }
    }
    return List.copyOf(section);
  }

  /**
   * This file with bridge {@code name}'s section replaced by {@code options} under {@code
   * comments}, or, when there is none, with that section added at the end after a blank line. Every
   * other line stays as it was.
   *
   * @param comments lines to write above the {@code connection} line, without their {@code #}
   * @throws IllegalArgumentException when {@code name} or an option would not stay one word or one
   *     line in the file
   */
  public MosquittoConfFile withConnection(
      String name, List<String> comments, List<Option> options) {
    checkConnectionName(name);
    for (Option option : options) {
      if (option.name().isEmpty()
          || !option.name().matches("[a-z_0-9]+")
          || option.value().contains("\n")
          || option.value().contains("\r")) {
        throw new IllegalArgumentException(
            "\"" + option + "\" cannot be written as one mosquitto.conf line");
      }
    }
    String ending = lineEnding();
    List<Line> out = new ArrayList<>(withoutConnection(name).lines);
    if (!out.isEmpty()) {
      Line last = out.get(out.size() - 1);
      if (last.ending().isEmpty()) {
        out.set(out.size() - 1, new Line(last.text(), ending, last.option()));
      }
      if (!last.text().isBlank()) {
        out.add(new Line("", ending, null));
      }
    }
    for (String comment : comments) {
      out.add(new Line("# " + comment, ending, null));
    }
    out.add(Line.of("connection " + name, ending));
    for (Option option : options) {
      out.add(Line.of(option.toString(), ending));
    }
    return parsed(out);
  }

  /**
   * This file without bridge {@code name}'s section, nor the comment lines and the one blank line
   * right above it; the same file when there is no such bridge.
   */
  public MosquittoConfFile withoutConnection(String name) {
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      Option option = lines.get(i).option();
      if (option == null) {
        continue;
      }
      if (start < 0) {
        if (option.name().equals("connection") && option.value().equals(name)) {
          start = i;
          end = i;
        }
      } else if (option.name().equals("connection") || option.name().equals("listener")) {
        break;
      } else {
        end = i;
      }
    }
    if (start < 0) {
      return this;
    }
    int from = start;
    while (from > 0 && lines.get(from - 1).option() == null && isComment(lines.get(from - 1))) {
      from--;
    }
    if (from > 0 && lines.get(from - 1).text().isBlank()) {
      from--;
    }
    List<Line> kept = new ArrayList<>(lines.subList(0, from));
    kept.addAll(lines.subList(end + 1, lines.size()));
    return parsed(kept);
  }

  private static boolean isComment(Line line) {
    return line.text().strip().startsWith("#");
  }

  /**
   * Checks a bridge name: letters, digits and {@code - _ .}, 1 to 64 characters, so that it is one
   * word in mosquitto.conf, a folder name, and a level of {@code $SYS/broker/connection/NAME}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void checkConnectionName(String name) {
    if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "The bridge name '"
              + name.replaceAll("\\p{Cntrl}", "?")
              + "' is not allowed; use 1 to 64 letters, digits, '-', '_' or '.', not starting with"
              + " '.' or '-'.");
    }
  }

  /** The line ending most lines use; {@code \n} for a file without one. */
  private String lineEnding() {
    long crlf = lines.stream().filter(l -> l.ending().equals("\r\n")).count();
    long lf = lines.stream().filter(l -> l.ending().equals("\n")).count();
    return crlf > lf ? "\r\n" : "\n";
  }

  /** The file of {@code lines}; include_dir files are not followed after an edit. */
  private static MosquittoConfFile parsed(List<Line> lines) {
    return new MosquittoConfFile(
        lines, lines.stream().map(Line::option).filter(Objects::nonNull).toList());
  }

  private static int parsePort(String text, Option option) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "\"" + option + "\" has no valid port (0 to 65535): fix that line");
  }

  /** Two files are equal when their text is. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MosquittoConfFile f && f.lines.equals(lines);
  }

  @Override
  public int hashCode() {
    return lines.hashCode();
  }

  /** The text. */
  @Override
  public String toString() {
    return text();
  }

  /** Writes a file line by line: how the kit renders {@link MosquittoConfig}. */
  static final class Writer {
    private final List<Line> lines = new ArrayList<>();

    Writer comment(String comment) {
      lines.add(new Line("# " + comment, "\n", null));
      return this;
    }

    Writer line(String line) {
      lines.add(Line.of(line, "\n"));
      return this;
    }

    Writer blank() {
      lines.add(new Line("", "\n", null));
      return this;
    }

    MosquittoConfFile build() {
      return parsed(lines);
    }
  }
}
