package io.github.simplemqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's testing example is a test the build runs, so the README cannot drift from it. */
class ReadmeTest {
  static final Path MODULE =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  static final String EXAMPLE =
      "simplemqtt-testing/src/test/java/io/github/simplemqtt/testing/example/SensorIT.java";

  @Test
  void readmeShowsTheExampleTestExactlyAsTheBuildRunsIt() throws IOException {
    String source = Files.readString(MODULE.getParent().resolve(EXAMPLE));
    String example = between(source, "// README example: begin\n", "// README example: end\n");

    String readme = Files.readString(readme());
    // The block follows a comment naming the file, so a reader can find the real thing.
    String marker = "<!-- " + EXAMPLE + " -->\n```java\n";
    assertThat(readme).contains(marker);
    String block = between(readme.substring(readme.indexOf(marker)), marker, "```\n");

    assertThat(block).isEqualTo(example);
  }

  @Test
  void readmeDependencySnippetNamesThisVersionInTestScope() throws IOException {
    String pom = Files.readString(MODULE.resolve("pom.xml"));
    Matcher parentVersion =
        Pattern.compile("<artifactId>simplemqtt-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(parentVersion.find()).isTrue();

    assertThat(Files.readString(readme()))
        .containsPattern(
            "<artifactId>simplemqtt-testing</artifactId>\\s*<version>"
                + Pattern.quote(parentVersion.group(1))
                + "</version>\\s*<scope>test</scope>");
  }

  private static Path readme() {
    return MODULE.getParent().resolve("README.md");
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin);
    assertThat(from).as("'%s' in the text", begin.strip()).isNotNegative();
    int to = text.indexOf(end, from + begin.length());
    assertThat(to).as("'%s' after '%s'", end.strip(), begin.strip()).isNotNegative();
    return text.substring(from + begin.length(), to);
  }
}
