package io.github.simplemqtt.broker.acl;

import static io.github.simplemqtt.broker.acl.AclAccess.DENY;
import static io.github.simplemqtt.broker.acl.AclAccess.READ;
import static io.github.simplemqtt.broker.acl.AclAccess.READWRITE;
import static io.github.simplemqtt.broker.acl.AclAccess.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlListTest {
  @TempDir Path dir;

  private static final AccessControlList SAMPLE =
      AccessControlList.of(
          AclRule.forUser("alice", READWRITE, "sensors/#"),
          AclRule.forAnonymous(READ, "public/#"),
          AclRule.pattern(READWRITE, "users/%u/#"),
          AclRule.forUser("bob", READ, "sensors/+/temperature"),
          AclRule.forUser("alice", DENY, "sensors/secret/#"),
          AclRule.pattern(WRITE, "$SYS/broker/connection/%c/state"),
          AclRule.forUser("device 7", WRITE, "topic with spaces/x"));

  @Test
  void rendersMosquittoAclFileFormat() {
    assertThat(SAMPLE.render())
        .isEqualTo(
            """
            # Access rules for mosquitto (acl_file), written by simplemqtt.
            # A client may use only the topics a rule below grants it; deny beats any grant.
            # 'topic' lines before the first 'user' line: clients without a user name.
            # 'pattern' lines: every client (%u = its user name, %c = its client id).
            # 'topic' lines after 'user NAME': that user.

            topic read public/#

            pattern readwrite users/%u/#
            pattern write $SYS/broker/connection/%c/state

            user alice
            topic readwrite sensors/#
            topic deny sensors/secret/#

            user bob
            topic read sensors/+/temperature

            user device 7
            topic write topic with spaces/x
            """);
  }

  @Test
  void parsesWhatItRenders() {
    AccessControlList parsed = AccessControlList.parse(SAMPLE.render());

    assertThat(parsed).isEqualTo(SAMPLE);
    assertThat(parsed.render()).isEqualTo(SAMPLE.render());
    assertThat(parsed.users()).containsExactly("alice", "bob", "device 7");
    assertThat(parsed.rulesFor("alice"))
        .containsExactly(
            AclRule.forUser("alice", READWRITE, "sensors/#"),
            AclRule.forUser("alice", DENY, "sensors/secret/#"));
  }

  @Test
  void keepsFileOrderAndDropsRepeats() {
    AccessControlList acl =
        AccessControlList.of(
            AclRule.forUser("bob", READ, "b"),
            AclRule.forUser("alice", READ, "a1"),
            AclRule.forUser("bob", WRITE, "b"),
            AclRule.forAnonymous(READ, "anon"),
            AclRule.forUser("alice", READ, "a1"));

    assertThat(acl.rules())
        .containsExactly(
            AclRule.forAnonymous(READ, "anon"),
            AclRule.forUser("bob", READ, "b"),
            AclRule.forUser("bob", WRITE, "b"),
            AclRule.forUser("alice", READ, "a1"));
  }

  @Test
  void readsMosquittoSyntaxTheWayMosquittoDoes() {
    String text =
        """
        # comment
        topic public/#
        topic   read   spaced/out\r
        pattern read devices/%c/#

        user alice
        topic write alice/#
        # patterns apply to every client, even after a user line
        pattern deny private/%u
        user    bob  \t
        topic readwrite with space/+
        topic read
        """;

    AccessControlList acl = AccessControlList.parse(text);

    assertThat(acl.rules())
        .containsExactly(
            AclRule.forAnonymous(READWRITE, "public/#"),
            AclRule.forAnonymous(READ, "spaced/out"),
            AclRule.pattern(READ, "devices/%c/#"),
            AclRule.pattern(DENY, "private/%u"),
            AclRule.forUser("alice", WRITE, "alice/#"),
            AclRule.forUser("bob", READWRITE, "with space/+"),
            // mosquitto reads a lone word as the topic, with readwrite access.
            AclRule.forUser("bob", READWRITE, "read"));
  }

  @Test
  void reportsEachBadLineWithItsNumber() {
    String text =
        """
        topic read ok/#
        topic reed sensors/#
        topic read a/#/b
        topic read a+/b
        topic
        user
          # indented comment
        user alice
        topic\tread\tx
        subscribe read x
        topic write a/b#
        topic read good/+/one
        """;

    AclParseException e =
        catchThrowableOfType(AclParseException.class, () -> AccessControlList.parse(text));

    assertThat(e.problems())
        .extracting(AclParseException.Problem::lineNumber)
        .containsExactly(2, 3, 4, 5, 6, 7, 9, 10, 11);
    assertThat(e.problems().get(0).message()).contains("'reed'").contains("readwrite");
    assertThat(e.problems().get(1).message()).contains("'a/#/b'").contains("'#'");
    assertThat(e.problems().get(2).message()).contains("'a+/b'").contains("'+'");
    assertThat(e.problems().get(3).message()).contains("topic filter");
    assertThat(e.problems().get(4).message()).contains("user name");
    assertThat(e.problems().get(5).message()).contains("first column");
    assertThat(e.problems().get(6).message()).contains("tabs");
    assertThat(e.problems().get(7).message()).contains("'subscribe'");
    assertThat(e.problems().get(8).message()).contains("'a/b#'");
    assertThat(e.getMessage()).startsWith("ACL line 2: ").contains("8 more bad lines");
  }

  @Test
  void aUserLineWithAControlCharacterOrAnOverLongNameIsReportedOnItsOwnLine() {
    String text =
        "user bad\u0007bell\n"
            + "topic read fine/#\n"
            + "user "
            + "n".repeat(65)
            + "\n"
            + "topic read fine/#\n"
            + "user alice\n"
            + "topic read fine/#\n";

    AclParseException e =
        catchThrowableOfType(AclParseException.class, () -> AccessControlList.parse(text));

    assertThat(e.problems())
        .extracting(AclParseException.Problem::lineNumber)
        .containsExactly(1, 3);
    assertThat(e.problems().get(0).message())
        .isEqualTo("The user name 'bad?bell' contains a control character; choose a plain name.");
    assertThat(e.problems().get(1).message())
        .isEqualTo("The user name is 65 characters long; choose one of at most 64 characters.");
    assertThat(e.problems().get(0).toString()).startsWith("line 1: The user name 'bad?bell'");
  }

  @Test
  void topicLinesUnderARefusedUserAreStillChecked() {
    String text = "user bad\u0001\ntopic read a/#/b\n";

    AclParseException e =
        catchThrowableOfType(AclParseException.class, () -> AccessControlList.parse(text));

    assertThat(e.problems())
        .extracting(AclParseException.Problem::lineNumber)
        .containsExactly(1, 2);
    assertThat(e.problems().get(1).message()).contains("'a/#/b'");
    assertThat(e.getMessage()).startsWith("ACL line 1: ").endsWith(" (and 1 more bad line)");
  }

  @Test
  void aTopicFilterOfMqttsLengthIsAcceptedAndOneByteMoreIsNot() {
    String longest = "a".repeat(65_535);

    assertThat(AclRule.forAnonymous(READ, longest).topicFilter()).hasSize(65_535);
    assertThatThrownBy(() -> AclRule.forAnonymous(READ, longest + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The topic filter is longer than 65535 bytes, which MQTT does not allow.");
  }

  @Test
  void ofACollectionPutsTheRulesInFileOrder() {
    AclRule user = AclRule.forUser("alice", READ, "a");
    AclRule anonymous = AclRule.forAnonymous(READ, "public/#");

    assertThat(AccessControlList.of(List.of(user, anonymous)).rules())
        .containsExactly(anonymous, user);
  }

  @Test
  void loadNamesTheFileInErrors() throws Exception {
    Path file = dir.resolve("acl");
    Files.writeString(file, "topic read ok\ntopic write bad/#/x\n");

    assertThatThrownBy(() -> AccessControlList.load(file))
        .isInstanceOf(AclParseException.class)
        .hasMessageStartingWith(file + " line 2: ")
        .hasMessageNotContaining("more bad");
  }

  @Test
  void aMissingFileIsEmpty() {
    assertThat(AccessControlList.load(dir.resolve("nothing-here")))
        .isEqualTo(AccessControlList.empty());
  }

  @Test
  void savesPubliclyReadableAndLoadsBack() throws Exception {
    Path file = dir.resolve("config/acl");

    SAMPLE.save(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    assertThat(AccessControlList.load(file)).isEqualTo(SAMPLE);
  }

  @Test
  void addsAndRemovesRules() {
    AccessControlList acl =
        AccessControlList.empty()
            .with(AclRule.forUser("alice", READ, "a"))
            .with(AclRule.forUser("bob", READ, "b"))
            .with(AclRule.forUser("alice", WRITE, "c"));

    assertThat(acl.withoutUser("alice").rules()).containsExactly(AclRule.forUser("bob", READ, "b"));
    assertThat(acl.without(AclRule.forUser("alice", READ, "a")).rulesFor("alice"))
        .containsExactly(AclRule.forUser("alice", WRITE, "c"));
    assertThat(acl.with(AclRule.forUser("bob", READ, "b"))).isEqualTo(acl);
  }

  @Test
  void rulesCheckTheirValues() {
    for (String bad : List.of("", "a/#/b", "#/a", "a#", "a+/b", "+a", "x\ny", " lead", "trail ")) {
      assertThatThrownBy(() -> AclRule.forAnonymous(READ, bad))
          .as("filter '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("topic filter");
    }
    for (String good : List.of("#", "+", "a/+/b", "a/#", "/", "a//b", "$SYS/#", "with space")) {
      assertThat(AclRule.forAnonymous(READ, good).topicFilter()).isEqualTo(good);
    }
    assertThatThrownBy(() -> AclRule.forUser("", READ, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> AclRule.forUser("a\nb", READ, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> new AclRule(AclRule.Scope.PATTERN, "alice", READ, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  @Test
  void accessWordsAreMosquittos() {
    assertThat(List.of(AclAccess.values()))
        .extracting(AclAccess::keyword)
        .containsExactly("read", "write", "readwrite", "deny");
    assertThat(AclAccess.fromKeyword("deny")).isEqualTo(DENY);
    assertThatThrownBy(() -> AclAccess.fromKeyword("READ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'READ'");
  }
}
