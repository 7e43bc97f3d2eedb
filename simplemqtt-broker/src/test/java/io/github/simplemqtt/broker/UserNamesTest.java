package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.acl.AclRule.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** User names that would break ACL patterns, certificate CNs or paths are refused everywhere. */
class UserNamesTest {
  @TempDir Path temp;

  static Stream<Arguments> badNames() {
    return Stream.of(
        Arguments.of("a/b", "contains '/'"),
        Arguments.of("a+", "contains '+'"),
        Arguments.of("all#", "contains '#'"),
        Arguments.of("%u", "contains '%'"),
        Arguments.of("tab\there", "control character"),
        Arguments.of("new\nline", "control character"),
        Arguments.of(" alice", "starts or ends with a blank"),
        Arguments.of("alice ", "starts or ends with a blank"),
        Arguments.of("", "is empty"),
        Arguments.of("x".repeat(65), "65 characters long; choose one of at most 64"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void badUserNamesAreRefusedWithOneSentenceAndChangeNothing(String name, String why)
      throws Exception {
    BrokerDirectory dir =
        BrokerDirectory.create(temp.resolve("broker"), BrokerDirectoryFilesTest.settings(), false);
    dir.setPassword("alice", "secret".toCharArray());
    byte[] passwords = Files.readAllBytes(dir.passwordFile());

    assertThatThrownBy(() -> dir.setPassword(name, "pw".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
    // Certificate names follow a stricter rule of their own (letters, digits and - _ . @).
    assertThatThrownBy(() -> dir.issueClient(name, 30))
        .hasMessageContaining("is refused; use 1 to 64 letters")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
    assertThatThrownBy(() -> new AclRule(Scope.USER, name, AclAccess.READ, "t/#"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);

    assertThat(Files.readAllBytes(dir.passwordFile())).isEqualTo(passwords);
    try (var clients = Files.list(dir.path().resolve("clients"))) {
      assertThat(clients).isEmpty();
    }
    assertThat(dir.pki().list().stream().map(c -> c.role().name())).doesNotContain("CLIENT");
  }

  @Test
  void plainNamesUpToSixtyFourCharactersAreAccepted() {
    BrokerDirectory dir =
        BrokerDirectory.create(temp.resolve("broker"), BrokerDirectoryFilesTest.settings(), false);
    String longest = "a".repeat(64);
    dir.setPassword(longest, "pw".toCharArray());
    dir.setPassword("sensor-1.kitchen@home", "pw".toCharArray());
    dir.issueClient(longest, 30);
    assertThat(dir.users()).containsExactly(longest, "sensor-1.kitchen@home");
  }
}
