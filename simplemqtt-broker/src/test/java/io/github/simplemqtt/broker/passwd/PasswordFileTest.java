package io.github.simplemqtt.broker.passwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
  /** mosquitto_passwd's $7$ line: 12-byte salt (16 base64 chars), 64-byte hash (88 chars). */
  private static final Pattern PBKDF2_LINE =
      Pattern.compile("([^:]+):\\$7\\$(\\d+)\\$([A-Za-z0-9+/]{16})\\$([A-Za-z0-9+/]{86}==)");

  @TempDir Path dir;

  @Test
  void writesTheFormatMosquittoPasswdWrites() throws Exception {
    Path ours = dir.resolve("ours");
    PasswordFile file = PasswordFile.load(ours);
    file.setPassword("alice", "secret".toCharArray());
    file.save();
    Path theirs = dir.resolve("theirs");
    mosquittoPasswd("-c", "-b", theirs.toString(), "alice", "secret");

    String ourLine = Files.readString(ours);
    String theirLine = Files.readString(theirs);
    var ourMatch = PBKDF2_LINE.matcher(ourLine.strip());
    var theirMatch = PBKDF2_LINE.matcher(theirLine.strip());
    assertThat(theirMatch.matches()).as("mosquitto_passwd wrote %s", theirLine).isTrue();
    assertThat(ourMatch.matches()).as("we wrote %s", ourLine).isTrue();
    assertThat(ourMatch.group(1)).isEqualTo(theirMatch.group(1));
    assertThat(ourMatch.group(2)).isEqualTo(theirMatch.group(2)).isEqualTo("101");
    assertThat(ourLine).endsWith("\n").hasSameSizeAs(theirLine);
    // Fresh random salt each time.
    assertThat(ourMatch.group(3)).isNotEqualTo(theirMatch.group(3));
  }

  @Test
  void verifiesEntriesTheRealMosquittoPasswdWrote() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "pässwörd €1");
    mosquittoPasswd("-H", "sha512", "-b", path.toString(), "carol", "old-style");

    PasswordFile file = PasswordFile.load(path);

    assertThat(Files.readString(path)).contains("carol:$6$");
    assertThat(file.users()).containsExactly("alice", "bob", "carol");
    assertThat(file.problems()).isEmpty();
    assertThat(file.verify("alice", "secret".toCharArray())).isTrue();
    assertThat(file.verify("alice", "Secret".toCharArray())).isFalse();
    assertThat(file.verify("alice", "secret ".toCharArray())).isFalse();
    assertThat(file.verify("bob", "pässwörd €1".toCharArray())).isTrue();
    assertThat(file.verify("bob", "passwoerd €1".toCharArray())).isFalse();
    assertThat(file.verify("carol", "old-style".toCharArray())).isTrue();
    assertThat(file.verify("carol", "old-styl".toCharArray())).isFalse();
    assertThat(file.verify("dave", "secret".toCharArray())).isFalse();
    assertThat(file.verify("alice", new char[0])).isFalse();
  }

  @Test
  void verifiesWhatItWroteWithOtherIterationCounts() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    file.setPassword("alice", "secret".toCharArray(), 1000);

    assertThat(file.verify("alice", "secret".toCharArray())).isTrue();
    assertThat(file.verify("alice", "secreT".toCharArray())).isFalse();
    assertThatThrownBy(() -> file.setPassword("bob", "x".toCharArray(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iteration");
  }

  @Test
  void keepsLinesWrittenByMosquittoPasswdByteForByte() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "hunter2");
    mosquittoPasswd("-H", "sha512", "-b", path.toString(), "carol", "old-style");
    byte[] before = Files.readAllBytes(path);

    PasswordFile file = PasswordFile.load(path);
    file.setPassword("zoe", "kit-made".toCharArray());
    file.save();

    byte[] after = Files.readAllBytes(path);
    assertThat(Arrays.copyOf(after, before.length)).isEqualTo(before);
    String added = new String(after, before.length, after.length - before.length, "UTF-8");
    assertThat(added).startsWith("zoe:$7$101$").endsWith("\n");
    PasswordFile reread = PasswordFile.load(path);
    assertThat(reread.users()).containsExactly("alice", "bob", "carol", "zoe");
    assertThat(reread.verify("zoe", "kit-made".toCharArray())).isTrue();
    assertThat(reread.verify("alice", "secret".toCharArray())).isTrue();
  }

  @Test
  void mosquittoPasswdKeepsAndRewritesAKitAddedUser() throws Exception {
    Path path = dir.resolve("passwords");
    PasswordFile file = PasswordFile.load(path);
    file.setPassword("zoe", "kit-made".toCharArray());
    file.setPassword("yann", "also-kit".toCharArray());
    file.save();
    String zoeLine = Files.readAllLines(path).get(0);

    // mosquitto_passwd must read our file: it rewrites yann and copies zoe's line through.
    mosquittoPasswd("-b", path.toString(), "yann", "changed");

    List<String> lines = Files.readAllLines(path);
    assertThat(lines.get(0)).isEqualTo(zoeLine);
    PasswordFile reread = PasswordFile.load(path);
    assertThat(reread.verify("yann", "changed".toCharArray())).isTrue();
    assertThat(reread.verify("zoe", "kit-made".toCharArray())).isTrue();
  }

  @Test
  void changingAPasswordKeepsTheUsersPlaceAndTheOtherLines() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "hunter2");
    mosquittoPasswd("-b", path.toString(), "carol", "third");
    List<String> before = Files.readAllLines(path);

    PasswordFile file = PasswordFile.load(path);
    file.setPassword("bob", "new-password".toCharArray());
    file.save();

    List<String> after = Files.readAllLines(path);
    assertThat(after).hasSize(3);
    assertThat(after.get(0)).isEqualTo(before.get(0));
    assertThat(after.get(1)).startsWith("bob:$7$").isNotEqualTo(before.get(1));
    assertThat(after.get(2)).isEqualTo(before.get(2));
    PasswordFile reread = PasswordFile.load(path);
    assertThat(reread.verify("bob", "new-password".toCharArray())).isTrue();
    assertThat(reread.verify("bob", "hunter2".toCharArray())).isFalse();
  }

  @Test
  void removesUsers() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "hunter2");
    String aliceLine = Files.readAllLines(path).get(0);

    PasswordFile file = PasswordFile.load(path);
    assertThat(file.remove("bob")).isTrue();
    assertThat(file.remove("bob")).isFalse();
    file.save();

    assertThat(Files.readAllLines(path)).containsExactly(aliceLine);
    assertThat(PasswordFile.load(path).contains("bob")).isFalse();
    assertThat(PasswordFile.load(path).contains("alice")).isTrue();
  }

  @Test
  void removingTheUserOnTheFirstLineRemovesThem() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "hunter2");
    String bobLine = Files.readAllLines(path).get(1);

    PasswordFile file = PasswordFile.load(path);
    assertThat(file.remove("alice")).isTrue();
    file.save();

    assertThat(Files.readAllLines(path)).containsExactly(bobLine);
    assertThat(PasswordFile.load(path).verify("alice", "secret".toCharArray())).isFalse();
  }

  @Test
  void setPasswordOnAUserRepeatedOnTheNextLineKeepsOneLine() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    file.setPassword("alice", "one".toCharArray(), 1);
    file.setPassword("bob", "two".toCharArray(), 1);
    file.save();
    List<String> original = readLines(file.path());
    writeLines(file.path(), original.get(0), original.get(0), original.get(1));

    PasswordFile reread = PasswordFile.load(file.path());
    reread.setPassword("alice", "three".toCharArray(), 1);
    reread.save();

    List<String> after = readLines(file.path());
    assertThat(after).hasSize(2);
    assertThat(after.get(0)).startsWith("alice:$7$1$");
    assertThat(after.get(1)).isEqualTo(original.get(1));
    assertThat(PasswordFile.load(file.path()).verify("alice", "three".toCharArray())).isTrue();
  }

  @Test
  void aUserWhoseLineIsUnusableDoesNotVerify() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    writeLines(file.path(), "carol:plain-text-password");

    assertThat(PasswordFile.load(file.path()).verify("carol", "plain-text-password".toCharArray()))
        .isFalse();
  }

  @Test
  void aPasswordThatIsNotUtf16DoesNotVerifyAgainstAnOldSha512Hash() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-H", "sha512", "-b", path.toString(), "carol", "old-style");

    PasswordFile file = PasswordFile.load(path);

    assertThat(file.verify("carol", "old-style".toCharArray())).isTrue();
    assertThat(file.verify("carol", "old-style\uD800".toCharArray())).isFalse();
  }

  @Test
  void oneIterationIsEnoughForMosquitto() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));

    file.setPassword("alice", "secret".toCharArray(), 1);

    assertThat(file.verify("alice", "secret".toCharArray())).isTrue();
  }

  @Test
  void aPasswordOfExactly65535BytesIsAcceptedAndOneByteMoreIsNot() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    char[] longest = "p".repeat(PasswordFile.MAX_LENGTH_BYTES).toCharArray();

    file.setPassword("alice", longest, 1);

    assertThat(file.verify("alice", longest)).isTrue();
    assertThatThrownBy(() -> file.setPassword("bob", "p".repeat(65536).toCharArray(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 65535 bytes");
  }

  @Test
  void aNameEndingInALoneHighSurrogateIsRefusedInWords() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));

    assertRefused(file, "sensor\uD83D", "secret".toCharArray(), "surrogate");
    assertRefused(file, "sensor\uDE00", "secret".toCharArray(), "surrogate");
    assertThat(file.users()).isEmpty();
  }

  @Test
  void aNameStartingWithACharacterOutsideTheBasicPlaneIsAccepted() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));

    file.setPassword("\uD83D\uDE00-sensor", "secret".toCharArray(), 1);

    assertThat(file.users()).containsExactly("\uD83D\uDE00-sensor");
  }

  @Test
  void aProblemOnTheFirstLineIsReportedAsLineOne() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    writeLines(file.path(), "no colon here");

    assertThat(PasswordFile.load(file.path()).problems())
        .extracting(PasswordFile.Problem::lineNumber)
        .containsExactly(1);
  }

  @Test
  void aUserNameOfExactly65535BytesIsNotReportedAsTooLong() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    file.setPassword("alice", "secret".toCharArray(), 1);
    file.save();
    String hash = readLines(file.path()).get(0).substring("alice:".length());
    writeLines(
        file.path(),
        "u".repeat(PasswordFile.MAX_LENGTH_BYTES) + ":" + hash,
        "v".repeat(PasswordFile.MAX_LENGTH_BYTES + 1) + ":" + hash);

    assertThat(PasswordFile.load(file.path()).problems())
        .extracting(PasswordFile.Problem::lineNumber)
        .containsExactly(2);
  }

  @Test
  void aMissingFileIsEmptyAndSaveCreatesIt() throws Exception {
    Path path = dir.resolve("config/.passwords");

    PasswordFile file = PasswordFile.load(path);

    assertThat(file.users()).isEmpty();
    assertThat(file.problems()).isEmpty();
    assertThat(file.path()).isEqualTo(path);
    file.save();
    assertThat(Files.readString(path)).isEmpty();
  }

  @Test
  void savesAtomicallyWithOwnerOnlyPermissions() throws Exception {
    Path path = dir.resolve("passwords");
    Files.writeString(path, "");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

    PasswordFile file = PasswordFile.load(path);
    file.setPassword("alice", "secret".toCharArray());
    file.save();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("passwords");
    }
  }

  @Test
  void refusesUserNamesMosquittoCannotHold() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    char[] password = "secret".toCharArray();

    assertRefused(file, "", password, "empty");
    assertRefused(file, "a:b", password, "':'");
    assertRefused(file, "a\nb", password, "control character");
    assertRefused(file, "a\u0000b", password, "control character");
    assertRefused(file, "tab\there", password, "control character");
    assertRefused(file, " alice", password, "blank");
    assertRefused(file, "alice ", password, "blank");
    assertRefused(file, "#alice", password, "'#'");
    assertRefused(file, "a/b", password, "'/'");
    assertRefused(file, "a+b", password, "'+'");
    assertRefused(file, "a%b", password, "'%'");
    assertRefused(file, "x".repeat(65536), password, "at most 64");
    assertRefused(file, "\uD800x", password, "surrogate");
    // 64 characters, even multi-byte ones, are allowed; one more is not.
    file.setPassword("é".repeat(64), password);
    assertRefused(file, "é".repeat(65), password, "at most 64");
    assertThat(file.users()).hasSize(1);
  }

  @Test
  void acceptsUnusualButValidNames() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    for (String name :
        List.of("device-01", "Ünïcødé", "with space", "a@b.c", "emoji\uD83D\uDE00")) {
      file.setPassword(name, "secret".toCharArray());
    }
    file.save();

    PasswordFile reread = PasswordFile.load(file.path());
    assertThat(reread.users())
        .containsExactly("device-01", "Ünïcødé", "with space", "a@b.c", "emoji\uD83D\uDE00");
    assertThat(reread.verify("Ünïcødé", "secret".toCharArray())).isTrue();
  }

  @Test
  void refusesBadPasswordsWithoutQuotingThem() {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));

    assertThatThrownBy(() -> file.setPassword("alice", new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> file.setPassword("alice", "top\u0000secret".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL")
        .hasMessageNotContaining("top")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> file.setPassword("alice", "topsecret\uDC00".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("topsecret");
    assertThat(file.users()).isEmpty();
  }

  @Test
  void reportsCorruptLinesAndLoadsTheOthers() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    mosquittoPasswd("-b", path.toString(), "bob", "hunter2");
    List<String> good = Files.readAllLines(path);
    String aliceHash = good.get(0).substring("alice:".length());
    List<String> lines = new ArrayList<>();
    lines.add("# a comment is fine");
    lines.add(good.get(0));
    lines.add("this line has no colon plaintext");
    lines.add("");
    lines.add("carol:plain-text-password");
    lines.add(":$7$101$nouser");
    lines.add("dave:$7$101$!!!notbase64!!!$abc");
    lines.add("erin:$6$" + aliceHash.substring("$7$101$".length()).replace("$", "$x"));
    lines.add("frank:$7$0$" + aliceHash.substring("$7$101$".length()));
    lines.add("alice:" + aliceHash);
    lines.add(good.get(1));
    String content = String.join("\n", lines) + "\n";
    Files.writeString(path, content);

    PasswordFile file = PasswordFile.load(path);

    assertThat(file.verify("alice", "secret".toCharArray())).isTrue();
    assertThat(file.verify("bob", "hunter2".toCharArray())).isTrue();
    assertThat(file.verify("carol", "plain-text-password".toCharArray())).isFalse();
    assertThat(file.users()).containsExactly("alice", "carol", "dave", "erin", "frank", "bob");
    List<PasswordFile.Problem> problems = file.problems();
    assertThat(problems)
        .extracting(PasswordFile.Problem::lineNumber)
        .containsExactly(3, 5, 6, 7, 8, 9, 10);
    assertThat(problems.get(0).description()).contains("no ':'");
    assertThat(problems.get(0).what()).endsWith("so mosquitto ignores this line.");
    assertThat(problems.get(0).fix()).isEqualTo("Delete it, or set that user's password again.");
    assertThat(problems.get(0).description())
        .isEqualTo(problems.get(0).what() + " " + problems.get(0).fix());
    assertThat(new PasswordFile.Problem(1, "Only words.").fix()).isEmpty();
    assertThat(problems.get(1).description()).contains("'carol'").contains("$7$");
    assertThat(problems.get(2).description()).contains("no user name");
    assertThat(problems.get(6).description()).contains("'alice'").contains("line 2");
    for (PasswordFile.Problem problem : problems) {
      assertThat(problem.description())
          .doesNotContain("plain-text-password")
          .doesNotContain("plaintext")
          .doesNotContain(aliceHash.substring(8, 20))
          .doesNotContain("notbase64");
      assertThat(problem.toString()).startsWith("line " + problem.lineNumber() + ": ");
    }

    // Editing another user leaves every corrupt line exactly as it was.
    file.setPassword("bob", "new".toCharArray());
    file.save();
    List<String> after = Files.readAllLines(path);
    assertThat(after.subList(0, 10)).isEqualTo(lines.subList(0, 10));
    assertThat(after.get(10)).startsWith("bob:$7$");
  }

  @Test
  void setPasswordOnARepeatedUserReplacesTheFirstLineAndDropsTheRepeat() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "one");
    mosquittoPasswd("-b", path.toString(), "bob", "two");
    List<String> original = Files.readAllLines(path);
    Files.writeString(
        path, original.get(0) + "\n" + original.get(1) + "\n" + original.get(0) + "\n");

    PasswordFile file = PasswordFile.load(path);
    assertThat(file.problems()).extracting(PasswordFile.Problem::lineNumber).containsExactly(3);
    file.setPassword("alice", "three".toCharArray());

    assertThat(file.problems()).isEmpty();
    file.save();
    List<String> after = Files.readAllLines(path);
    assertThat(after).hasSize(2);
    assertThat(after.get(0)).startsWith("alice:$7$");
    assertThat(after.get(1)).isEqualTo(original.get(1));
  }

  @Test
  void keepsCarriageReturnsAndAddsAMissingFinalNewline() throws Exception {
    Path path = dir.resolve("passwords");
    mosquittoPasswd("-c", "-b", path.toString(), "alice", "secret");
    String alice = Files.readAllLines(path).get(0);
    Files.writeString(path, "# windows\r\n" + alice + "\r\n" + alice.replace("alice", "amy"));

    PasswordFile file = PasswordFile.load(path);
    assertThat(file.verify("alice", "secret".toCharArray())).isTrue();
    assertThat(file.verify("amy", "secret".toCharArray())).isTrue();
    file.save();

    assertThat(Files.readString(path))
        .isEqualTo("# windows\r\n" + alice + "\r\n" + alice.replace("alice", "amy") + "\n");
  }

  @Test
  void keepsBytesThatAreNotUtf8() throws Exception {
    Path path = dir.resolve("passwords");
    byte[] latin1Line = "# caf\u00e9 in Latin-1\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(path, latin1Line);

    PasswordFile file = PasswordFile.load(path);
    file.setPassword("alice", "secret".toCharArray());
    file.save();

    byte[] after = Files.readAllBytes(path);
    assertThat(Arrays.copyOf(after, latin1Line.length)).isEqualTo(latin1Line);
  }

  @Test
  void toStringNamesNoHash() throws Exception {
    PasswordFile file = PasswordFile.load(dir.resolve("passwords"));
    file.setPassword("alice", "secret".toCharArray());

    assertThat(file.toString()).contains("1 users").doesNotContain("$7$");
  }

  private static void assertRefused(PasswordFile file, String user, char[] password, String why) {
    assertThatThrownBy(() -> file.setPassword(user, password))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageNotContaining("secret");
  }

  private static List<String> readLines(Path path) {
    try {
      return Files.readAllLines(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeLines(Path path, String... lines) {
    try {
      Files.writeString(path, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs the real mosquitto_passwd, which the test command installs with mosquitto. */
  static void mosquittoPasswd(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("mosquitto_passwd");
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "mosquitto_passwd is not installed; install mosquitto (apt-get install -y mosquitto).",
          e);
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("mosquitto_passwd %s: %s", command, output).isZero();
  }
}
