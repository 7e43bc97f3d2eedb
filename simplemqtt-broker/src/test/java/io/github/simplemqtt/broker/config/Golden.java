package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered text with a file under {@code src/test/resources/golden/}. Run the tests with
 * {@code -Dsimplemqtt.updateGolden=true} to rewrite the files after a deliberate change, then
 * review the diff.
 */
final class Golden {
  private Golden() {}

  static void assertMatches(String name, String actual) {
    if (Boolean.getBoolean("simplemqtt.updateGolden")) {
      try {
        Path file = Path.of("src/test/resources/golden", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    assertThat(actual).as("golden file %s", name).isEqualTo(read(name));
  }

  static String read(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s on the test class path", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
