package io.github.simplemqtt.broker.passwd;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.internal.UserNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Mosquitto password file ({@code password_file} in mosquitto.conf), in the format {@code
 * mosquitto_passwd} writes: one {@code user:$7$<iterations>$<salt>$<hash>} line per user, where the
 * hash is PBKDF2-HMAC-SHA512 over a 12-byte random salt, giving 64 bytes, both in standard base64.
 *
 * <p>Editing keeps the file as it was wherever it is not changed: lines stay in their order, and
 * lines this class did not write (comments, entries made by {@code mosquitto_passwd}, even lines
 * mosquitto cannot read) are written back byte for byte. A line mosquitto cannot use does not stop
 * the others from loading; {@link #problems()} reports it with its line number.
 *
 * <p>Passwords are taken as {@code char[]} so callers can clear them after use; they are never put
 * in exception messages or logs. Instances are not thread-safe.
 *
 * <pre>{@code
 * PasswordFile passwords = PasswordFile.load(dir.resolve("config/.passwords"));
 * passwords.setPassword("alice", password);
 * passwords.save(); // atomically, mode 0600
 * }</pre>
 */
public final class PasswordFile {
  /** Iterations {@code mosquitto_passwd} uses by default (Mosquitto 2.0); new hashes use these. */
  public static final int DEFAULT_ITERATIONS = 101;

  /** The longest user name or password MQTT can carry, in UTF-8 bytes. */
  public static final int MAX_LENGTH_BYTES = 65535;

  /**
   * A line mosquitto will ignore, or that makes the file ambiguous.
   *
   * @param lineNumber the line, counted from 1
   * @param what what is wrong, one sentence; never quotes a password hash
   * @param fix what to do, one sentence; empty when there is nothing to say beyond {@code what}
   */
  public record Problem(int lineNumber, String what, String fix) {
    /** Checks the values. */
    public Problem {
      if (lineNumber < 1) {
        throw new IllegalArgumentException("lineNumber must be 1 or more, not " + lineNumber);
      }
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(fix, "fix");
    }

    /** A problem described in one text: {@code what} is {@code description}, {@code fix} empty. */
    public Problem(int lineNumber, String description) {
      this(lineNumber, description, "");
    }

    /** What is wrong and what to do, in words: {@code what}, a space and {@code fix}. */
    public String description() {
      return fix.isEmpty() ? what : what + " " + fix;
    }

    @Override
    public String toString() {
      return "line " + lineNumber + ": " + description();
    }
  }

  private final Path path;

  /**
   * The file's lines without their '\n'; each char is one byte (ISO-8859-1), so that lines this
   * class does not change are written back exactly as read, whatever their encoding.
   */
  private final List<String> lines;

  private PasswordFile(Path path, List<String> lines) {
    this.path = path;
    this.lines = lines;
  }

  /**
   * Reads the password file at {@code path}; a missing file gives an empty one that {@link #save()}
   * will create.
   *
   * @throws UncheckedIOException naming the file when it exists but cannot be read
   */
  public static PasswordFile load(Path path) {
    Objects.requireNonNull(path, "path");
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return new PasswordFile(path, new ArrayList<>());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the password file " + path + ": " + e.getMessage(), e);
    }
    String text = new String(content, StandardCharsets.ISO_8859_1);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1); // the text after the final '\n'
    }
    return new PasswordFile(path, lines);
  }

  /** The file this was loaded from and {@link #save()} writes to. */
  public Path path() {
    return path;
  }

  /**
   * The user names in the file, in file order, each once. Users whose line mosquitto cannot use
   * (see {@link #problems()}) are included: they are in the file, but cannot log in.
   */
  public List<String> users() {
    LinkedHashSet<String> users = new LinkedHashSet<>();
    for (String line : lines) {
      Entry entry = Entry.parse(line);
      if (entry != null && !entry.user().isEmpty()) {
        users.add(entry.user());
      }
    }
    return List.copyOf(users);
  }

  /** Whether the file has a line for {@code user}. */
  public boolean contains(String user) {
    return indexOf(user) >= 0;
  }

  /**
   * Adds {@code user}, or changes their password, with a new {@code $7$} hash of {@link
   * #DEFAULT_ITERATIONS} iterations. See {@link #setPassword(String, char[], int)}.
   */
  public void setPassword(String user, char[] password) {
    setPassword(user, password, DEFAULT_ITERATIONS);
  }

  /**
   * Adds {@code user}, or changes their password, with a new {@code $7$} PBKDF2-HMAC-SHA512 hash
   * over a fresh random salt. An existing user keeps their place in the file (a repeated line for
   * them is removed); a new user is appended. Other lines are not touched. Call {@link #save()} to
   * write the change.
   *
   * @param user the MQTT user name: see {@link UserNames#check(String)}; also no ':''
   * @param password not empty, at most 65535 UTF-8 bytes, no NUL character; not kept, and the
   *     caller may clear it afterwards
   * @param iterations PBKDF2 iterations, 1 or more; mosquitto reads any count from the file
   * @throws IllegalArgumentException saying what is wrong with the user name, the password (never
   *     quoting it) or the iteration count
   */
  public void setPassword(String user, char[] password, int iterations) {
    checkUser(user);
    checkPassword(password);
    if (iterations < 1) {
      throw new IllegalArgumentException(
          "The PBKDF2 iteration count must be 1 or more, not " + iterations + ".");
    }
    String line = latin1(user) + ":" + PasswordHashes.pbkdf2(password, iterations);
    int index = indexOf(user);
    if (index < 0) {
      lines.add(line);
      return;
    }
    lines.set(index, line);
    removeMatching(user, index + 1);
  }

  /**
   * Removes every line for {@code user}. Call {@link #save()} to write the change.
   *
   * @return whether the user was in the file
   */
  public boolean remove(String user) {
    Objects.requireNonNull(user, "user");
    return removeMatching(user, 0);
  }

  /**
   * Whether {@code password} is {@code user}'s password, checked as the broker would: against a
   * {@code $7$} (PBKDF2-HMAC-SHA512) or {@code $6$} (SHA-512, Mosquitto 1.x) hash. False when the
   * user is not in the file or their line is unusable.
   */
  public boolean verify(String user, char[] password) {
    Objects.requireNonNull(user, "user");
    if (password == null || password.length == 0) {
      return false;
    }
    int index = indexOf(user);
    if (index < 0) {
      return false;
    }
    Entry entry = Entry.parse(lines.get(index));
    PasswordHashes.Hash hash = entry == null ? null : PasswordHashes.parse(entry.hashField());
    if (hash == null) {
      return false;
    }
    try {
      return PasswordHashes.matches(hash, password);
    } catch (IllegalArgumentException unencodable) {
      return false;
    }
  }

  /**
   * The lines mosquitto will ignore (no ':' between name and hash, no user name, a hash in a form
   * the broker does not accept, an over-long user name) and repeated users, in file order. These
   * lines are kept as they are; the report names the line and, where known, the user, never the
   * hash.
   */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String line = lines.get(i);
      if (isBlankOrComment(line)) {
        continue;
      }
      Entry entry = Entry.parse(line);
      if (entry == null) {
        problems.add(
            new Problem(
                number,
                "There is no ':' between a user name and a password hash, so mosquitto ignores"
                    + " this line.",
                "Delete it, or set that user's password again."));
        continue;
      }
      if (entry.user().isEmpty()) {
        problems.add(
            new Problem(
                number,
                "There is no user name before the ':', so mosquitto ignores this line.",
                "Delete it."));
        continue;
      }
      String quoted = "'" + printable(entry.user()) + "'";
      if (entry.userBytes() > MAX_LENGTH_BYTES) {
        problems.add(
            new Problem(
                number,
                "The user name is longer than "
                    + MAX_LENGTH_BYTES
                    + " bytes, so mosquitto ignores this line.",
                "Delete it."));
        continue;
      }
      Integer first = firstLine.putIfAbsent(entry.user(), number);
      if (first != null) {
        problems.add(
            new Problem(
                number,
                "User "
                    + quoted
                    + " is listed again (first on line "
                    + first
                    + "); mosquitto uses only one of the two lines.",
                "Delete one of them."));
      }
      if (PasswordHashes.parse(entry.hashField()) == null) {
        problems.add(
            new Problem(
                number,
                "User "
                    + quoted
                    + " has no password hash mosquitto accepts ($7$ PBKDF2-SHA512 or $6$ SHA-512"
                    + " with a 12-byte salt and a 64-byte hash), so they cannot log in.",
                "Set their password again."));
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Writes the file back to {@link #path()} atomically with mode 0600 (owner read/write only),
   * keeping the owner of the file it replaces.
   *
   * @throws UncheckedIOException naming the file when it cannot be written; the old file is then
   *     left as it was
   */
  public void save() {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    AtomicFiles.write(
        path, text.toString().getBytes(StandardCharsets.ISO_8859_1), AtomicFiles.PRIVATE);
  }

  /** Names the file and the number of users; never any hash. */
  @Override
  public String toString() {
    return "PasswordFile[" + path + ", " + users().size() + " users]";
  }

  /**
   * Checks a user name against what the password file and MQTT can hold.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkUser(String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("The user name is empty; give a name.");
    }
    UserNames.check(user);
    String quoted = "'" + printable(user) + "'";
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c == ':') {
        throw new IllegalArgumentException(
            "The user name "
                + quoted
                + " contains ':', which separates name and hash in the password file; choose"
                + " a name without it.");
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "The user name " + quoted + " contains a control character; choose a plain name.");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < user.length()
          && Character.isLowSurrogate(user.charAt(i + 1))) {
        i++; // a valid pair: one code point outside the BMP
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "The user name " + quoted + " contains a broken UTF-16 surrogate pair.");
      }
    }
    if (user.charAt(0) == '#') {
      throw new IllegalArgumentException(
          "The user name "
              + quoted
              + " starts with '#', which marks a comment in the password file; choose another.");
    }
    if (Character.isWhitespace(user.charAt(0))
        || Character.isWhitespace(user.charAt(user.length() - 1))) {
      throw new IllegalArgumentException(
          "The user name "
              + quoted
              + " starts or ends with a blank, which mosquitto strips; remove the blanks.");
    }
    // UserNames caps a name at 64 characters, far under MQTT's 65535 bytes.
  }

  private static void checkPassword(char[] password) {
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new IllegalArgumentException("The password is empty; give a password.");
    }
    for (char c : password) {
      if (c == '\0') {
        // mosquitto compares C strings, so it would only ever see the part before the NUL.
        throw new IllegalArgumentException(
            "The password contains a NUL character, which mosquitto cannot check; choose"
                + " another.");
      }
    }
    byte[] bytes = PasswordHashes.utf8(password);
    int length = bytes.length;
    Arrays.fill(bytes, (byte) 0);
    if (length > MAX_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "The password is longer than " + MAX_LENGTH_BYTES + " bytes, which MQTT cannot carry.");
    }
  }

  private int indexOf(String user) {
    for (int i = 0; i < lines.size(); i++) {
      Entry entry = Entry.parse(lines.get(i));
      if (entry != null && entry.user().equals(user)) {
        return i;
      }
    }
    return -1;
  }

  private boolean removeMatching(String user, int from) {
    boolean removed = false;
    for (int i = lines.size() - 1; i >= from; i--) {
      Entry entry = Entry.parse(lines.get(i));
      if (entry != null && entry.user().equals(user)) {
        lines.remove(i);
        removed = true;
      }
    }
    return removed;
  }

  private static boolean isBlankOrComment(String line) {
    return line.isBlank() || line.charAt(0) == '#';
  }

  private static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** Control characters shown as '?', so a report stays on one line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  /**
   * A line split as mosquitto splits it: the user name is the text before the first ':', the hash
   * the text up to the next ':', both without surrounding blanks.
   */
  private record Entry(String user, int userBytes, String hashField) {
    /** Null for blank lines, comments and lines without ':'. */
    static @Nullable Entry parse(String line) {
      if (isBlankOrComment(line)) {
        return null;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        return null;
      }
      String user = line.substring(0, colon).strip();
      int end = line.indexOf(':', colon + 1);
      String hash = line.substring(colon + 1, end < 0 ? line.length() : end).strip();
      byte[] userBytes = user.getBytes(StandardCharsets.ISO_8859_1);
      return new Entry(new String(userBytes, StandardCharsets.UTF_8), userBytes.length, hash);
    }
  }
}
