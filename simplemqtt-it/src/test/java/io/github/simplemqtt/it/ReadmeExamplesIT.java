package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the README's Java examples against a real mosquitto: the broker kit example
 * makes a broker directory with a client certificate for bob and starts the broker, then the client
 * example connects to it over mutual TLS, subscribes and publishes.
 *
 * <p>The only changes made to the code: the example address 192.168.1.103 becomes 127.0.0.1, the
 * relative {@code mosquitto} folder lives in a temporary directory, and the kit's default settings
 * become free ports bound to 127.0.0.1.
 */
class ReadmeExamplesIT {

  private static final Path README = Path.of("../README.md");

  @TempDir Path temp;

  @Test
  void theKitAndClientExamplesCompileAndRun() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    String readme = Files.readString(README);
    int[] ports = FreePorts.pick(2);

    run("KitExample", localise(example(readme, "kit"), ports));
    String printed = run("ClientExample", localise(example(readme, "client"), ports));

    assertThat(BrokerDirectory.open(temp.resolve("mosquitto")).users()).containsExactly("alice");
    // The handler may or may not have printed before close(); if it did, it printed this.
    assertThat(printed).isIn("", "sensors/temp 21.5\n");
  }

  @AfterEach
  void stopTheExamplesBroker() {
    Path dir = temp.resolve("mosquitto");
    if (Files.exists(dir.resolve("simplemqtt.pid"))) {
      BrokerDirectory.open(dir).broker().stop();
    }
  }

  private static String example(String readme, String name) {
    Matcher matcher =
        Pattern.compile("<!-- example: " + name + " -->\\n```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(matcher.find()).as("README has the %s example", name).isTrue();
    return matcher.group(1);
  }

  private String localise(String code, int[] ports) {
    String dir = temp.resolve("mosquitto").toString();
    return code.replace("192.168.1.103", "127.0.0.1")
        .replace("8883", Integer.toString(ports[1]))
        .replace("Path.of(\"mosquitto", "Path.of(\"" + dir)
        .replace(
            "BrokerSettings.defaults(List.of(\"127.0.0.1\"))",
            "BrokerSettings.builder().hosts(List.of(\"127.0.0.1\")).port("
                + ports[0]
                + ").tlsPort("
                + ports[1]
                + ").bindAddress(\"127.0.0.1\").build()");
  }

  /** Compiles {@code body} as a static method and runs it; returns what it printed. */
  private String run(String name, String body) throws Exception {
    Path sources = Files.createDirectories(temp.resolve("src"));
    Path classes = Files.createDirectories(temp.resolve("classes"));
    Path source = sources.resolve(name + ".java");
    Files.writeString(
        source,
        String.join(
            "\n",
            "import io.github.simplemqtt.broker.*;",
            "import io.github.simplemqtt.broker.pki.*;",
            "import io.github.simplemqtt.client.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "public class " + name + " {",
            "  public static void run() throws Exception {",
            body,
            "  }",
            "}"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            source.toString());
    assertThat(status).as("javac on the README's %s:\n%s", name, diagnostics).isZero();

    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass(name).getMethod("run").invoke(null);
    } catch (InvocationTargetException e) {
      throw new AssertionError("The README's " + name + " failed: " + e.getCause(), e.getCause());
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      System.setOut(original);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
