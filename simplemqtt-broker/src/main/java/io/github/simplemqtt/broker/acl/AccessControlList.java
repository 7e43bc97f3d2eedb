package io.github.simplemqtt.broker.acl;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The access rules of a broker, read from and written to mosquitto's {@code acl_file} format.
 *
 * <p>With an acl_file, mosquitto lets a client use only the topics some rule grants it. The file
 * has {@code topic ACCESS FILTER} lines for clients without a user name first, {@code pattern
 * ACCESS FILTER} lines that apply to every client ({@code %u} = user name, {@code %c} = client id),
 * and {@code user NAME} lines each followed by that user's {@code topic} lines:
 *
 * <pre>
 * topic read public/#
 *
 * pattern readwrite users/%u/#
 *
 * user alice
 * topic readwrite sensors/#
 * topic deny sensors/secret/#
 * </pre>
 *
 * <p>Values are immutable. The rules are kept in that file order (anonymous, pattern, then per user
 * in order of first appearance, each user's rules in the order given), which is the order mosquitto
 * reads them in, so {@code parse(acl.render())} equals {@code acl}. Comments in a parsed file are
 * not kept.
 *
 * @param rules the rules, in file order; exact repeats are dropped
 */
public record AccessControlList(List<AclRule> rules) {

  /** Puts the rules in file order and drops exact repeats. */
  public AccessControlList {
    Objects.requireNonNull(rules, "rules");
    List<AclRule> anonymous = new ArrayList<>();
    List<AclRule> patterns = new ArrayList<>();
    Map<String, List<AclRule>> byUser = new LinkedHashMap<>();
    for (AclRule rule : new LinkedHashSet<>(rules)) {
      Objects.requireNonNull(rule, "rule");
      switch (rule.scope()) {
        case ANONYMOUS -> anonymous.add(rule);
        case PATTERN -> patterns.add(rule);
        case USER -> byUser.computeIfAbsent(rule.user(), u -> new ArrayList<>()).add(rule);
      }
    }
    List<AclRule> ordered = new ArrayList<>(anonymous);
    ordered.addAll(patterns);
    byUser.values().forEach(ordered::addAll);
    rules = List.copyOf(ordered);
  }

  /** No rules: with this as acl_file, mosquitto denies every topic to every client. */
  public static AccessControlList empty() {
    return new AccessControlList(List.of());
  }

  /** The given rules, put in file order. */
  public static AccessControlList of(Collection<AclRule> rules) {
    return new AccessControlList(List.copyOf(rules));
  }

  /** The given rules, put in file order. */
  public static AccessControlList of(AclRule... rules) {
    return new AccessControlList(List.of(rules));
  }

  /**
   * Reads an acl_file; a missing file gives {@link #empty()}.
   *
   * @throws AclParseException naming the file and each line mosquitto would refuse
   * @throws UncheckedIOException naming the file when it exists but cannot be read
   */
  public static AccessControlList load(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the ACL file " + file + ": " + e.getMessage(), e);
    }
    return parse(new String(content, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses acl_file text as mosquitto 2.0 does: words separated by spaces, {@code #} in the first
   * column starts a comment, {@code topic FILTER} without an access word means readwrite.
   *
   * @throws AclParseException naming each line mosquitto would refuse: unknown keyword or access
   *     word, missing user name or topic, invalid topic filter
   */
  public static AccessControlList parse(String text) {
    return parse(text, "ACL");
  }

  private static AccessControlList parse(String text, String source) {
    Objects.requireNonNull(text, "text");
    List<AclRule> rules = new ArrayList<>();
    List<AclParseException.Problem> problems = new ArrayList<>();
    String user = null;
    boolean userValid = true;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = stripTrailing(lines[i]);
      if (line.startsWith("#")) {
        continue;
      }
      String rest = skipSpaces(line);
      if (rest.isEmpty()) {
        continue;
      }
      String keyword = firstWord(rest);
      rest = rest.substring(keyword.length());
      switch (keyword) {
        case "topic", "pattern" -> {
          String afterKeyword = skipSpaces(rest);
          if (afterKeyword.isEmpty()) {
            problems.add(
                new AclParseException.Problem(
                    number,
                    "'"
                        + keyword
                        + "' needs a topic filter, as in '"
                        + keyword
                        + " read sensors/#'."));
            continue;
          }
          String first = firstWord(afterKeyword);
          // mosquitto takes everything after the access word's one separating space as the filter.
          String filter =
              first.length() == afterKeyword.length()
                  ? ""
                  : afterKeyword.substring(first.length() + 1).strip();
          AclAccess access;
          if (filter.isEmpty()) {
            filter = first;
            access = AclAccess.READWRITE;
          } else {
            try {
              access = AclAccess.fromKeyword(first);
            } catch (IllegalArgumentException e) {
              problems.add(
                  new AclParseException.Problem(
                      number,
                      "Unknown access word '"
                          + AclRule.printable(first)
                          + "'; use read, write, readwrite or deny (a topic filter with spaces"
                          + " needs the access word before it)."));
              continue;
            }
          }
          try {
            if (keyword.equals("pattern")) {
              rules.add(AclRule.pattern(access, filter));
            } else if (user == null) {
              rules.add(AclRule.forAnonymous(access, filter));
            } else if (userValid) {
              rules.add(AclRule.forUser(user, access, filter));
            } else {
              AclRule.checkTopicFilter(filter);
            }
          } catch (IllegalArgumentException e) {
            problems.add(new AclParseException.Problem(number, sentence(e)));
          }
        }
        case "user" -> {
          user = rest.strip();
          userValid = false;
          if (user.isEmpty()) {
            problems.add(
                new AclParseException.Problem(
                    number, "'user' needs a user name, as in 'user alice'."));
            continue;
          }
          try {
            AclRule.checkUser(user);
            userValid = true;
          } catch (IllegalArgumentException e) {
            problems.add(new AclParseException.Problem(number, sentence(e)));
          }
        }
        default -> problems.add(new AclParseException.Problem(number, unknownLine(keyword)));
      }
    }
    if (!problems.isEmpty()) {
      throw new AclParseException(source, problems);
    }
    return new AccessControlList(rules);
  }

  private static String unknownLine(String keyword) {
    if (keyword.startsWith("#")) {
      return "A comment must start with '#' in the first column; remove the blanks before it.";
    }
    if (keyword.contains("\t")) {
      return "Separate the words with spaces; mosquitto does not read tabs as separators.";
    }
    return "Unknown keyword '"
        + AclRule.printable(keyword)
        + "'; a line starts with topic, pattern or user ('#' in the first column for a comment).";
  }

  /** The user names that have rules of their own, in file order. */
  public Set<String> users() {
    Set<String> users = new LinkedHashSet<>();
    for (AclRule rule : rules) {
      if (rule.scope() == AclRule.Scope.USER) {
        users.add(rule.user());
      }
    }
    return Collections.unmodifiableSet(users);
  }

  /** The rules of one user (not counting patterns, which apply to everyone). */
  public List<AclRule> rulesFor(String user) {
    Objects.requireNonNull(user, "user");
    return rules.stream()
        .filter(r -> r.scope() == AclRule.Scope.USER && user.equals(r.user()))
        .toList();
  }

  /** This list with {@code rule} added (a no-op if it is already there). */
  public AccessControlList with(AclRule rule) {
    Objects.requireNonNull(rule, "rule");
    List<AclRule> more = new ArrayList<>(rules);
    more.add(rule);
    return new AccessControlList(more);
  }

  /** This list without {@code rule}. */
  public AccessControlList without(AclRule rule) {
    Objects.requireNonNull(rule, "rule");
    return new AccessControlList(rules.stream().filter(r -> !r.equals(rule)).toList());
  }

  /** This list without any rule of {@code user} (for example when the user is removed). */
  public AccessControlList withoutUser(String user) {
    Objects.requireNonNull(user, "user");
    return new AccessControlList(
        rules.stream()
            .filter(r -> !(r.scope() == AclRule.Scope.USER && user.equals(r.user())))
            .toList());
  }

  /**
   * The acl_file text: a short header comment, then anonymous {@code topic} lines, {@code pattern}
   * lines, and a {@code user} block per user, separated by blank lines. Every rule names its access
   * word, so filters with spaces read back correctly. Deterministic.
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Access rules for mosquitto (acl_file), written by simplemqtt.\n");
    out.append(
        "# A client may use only the topics a rule below grants it; deny beats any grant.\n");
    out.append("# 'topic' lines before the first 'user' line: clients without a user name.\n");
    out.append("# 'pattern' lines: every client (%u = its user name, %c = its client id).\n");
    out.append("# 'topic' lines after 'user NAME': that user.\n");
    AclRule.Scope section = null;
    String user = null;
    for (AclRule rule : rules) {
      boolean newUser = rule.scope() == AclRule.Scope.USER && !Objects.equals(rule.user(), user);
      if (rule.scope() != section || newUser) {
        out.append('\n');
        if (rule.scope() == AclRule.Scope.USER) {
          user = rule.user();
          out.append("user ").append(user).append('\n');
        }
        section = rule.scope();
      }
      out.append(rule.scope() == AclRule.Scope.PATTERN ? "pattern " : "topic ")
          .append(rule.access().keyword())
          .append(' ')
          .append(rule.topicFilter())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Writes {@link #render()} to {@code file} atomically with mode 0644, keeping the owner of the
   * file it replaces.
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public void save(Path file) {
    AtomicFiles.writePublic(file, render());
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && isCSpace(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end);
  }

  private static boolean isCSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static String skipSpaces(String text) {
    int start = 0;
    while (start < text.length() && text.charAt(start) == ' ') {
      start++;
    }
    return text.substring(start);
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** The sentence of one of our own checks' exceptions, which always have one. */
  private static String sentence(IllegalArgumentException e) {
    return Objects.requireNonNullElse(e.getMessage(), "This line is not valid.");
  }
}
