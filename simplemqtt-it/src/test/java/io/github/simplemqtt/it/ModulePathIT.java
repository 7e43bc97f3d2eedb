package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.MQTTClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application ({@code requires io.github.simplemqtt.client}) compiles and runs a mutual
 * TLS publish/subscribe round trip on the module path, in a JVM of its own, against a real
 * mosquitto.
 *
 * <p>The module path is the client's jar and its run-time dependencies, taken from this test's
 * class path by a class each of them holds; the rest of the class path (JUnit, the second broker
 * and its libraries) stays off it, as it would in a user's application.
 */
@MosquittoTest(certificates = "device")
class ModulePathIT {

  /** The client's run-time dependencies, written by the client's build. */
  private static final Path CLIENT_RUNTIME =
      Path.of("../simplemqtt-client/target/runtime-classpath.txt");

  private static final String MODULE_INFO =
      String.join("\n", "module example.modular {", "  requires io.github.simplemqtt.client;", "}");

  private static final String MAIN =
      String.join(
          "\n",
          "package example.modular;",
          "import io.github.simplemqtt.client.MQTTClient;",
          "import java.nio.file.Path;",
          "import java.util.concurrent.*;",
          "public class Main {",
          "  public static void main(String[] args) throws Exception {",
          "    BlockingQueue<String> received = new LinkedBlockingQueue<>();",
          "    try (MQTTClient client = MQTTClient.builder()",
          "        .broker(args[0], Integer.parseInt(args[1]))",
          "        .tls(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]))",
          "        .build()) {",
          "      client.connect();",
          "      client.subscribe(\"modular/#\", 1,",
          "          message -> received.add(message.topic() + \" \" + message.payloadAsString()));",
          "      client.publish(\"modular/ping\", \"from a module\", 1, false);",
          "      String message = received.poll(20, TimeUnit.SECONDS);",
          "      System.out.println(\"module \" + MQTTClient.class.getModule().getName());",
          "      System.out.println(\"received \" + message);",
          "    }",
          "  }",
          "}");

  @TempDir Path temp;

  @Test
  void aModularApplicationPublishesAndReceivesOnTheModulePath(MosquittoBroker broker)
      throws Exception {
    String modulePath = modulePath();
    Path sources = temp.resolve("src");
    Path classes = Files.createDirectories(temp.resolve("classes"));
    Path mainSource = sources.resolve("example/modular/Main.java");
    Files.createDirectories(mainSource.getParent());
    Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(mainSource, MAIN);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--module-path",
            modulePath,
            "-d",
            classes.toString(),
            sources.resolve("module-info.java").toString(),
            mainSource.toString());
    assertThat(status).as("javac on the modular application:\n%s", diagnostics).isZero();

    var bundle = broker.bundle("device");
    Path output = temp.resolve("output.txt");
    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Netty says at debug level whether it could use sun.misc.Unsafe.
                "-Dorg.slf4j.simpleLogger.log.io.netty.util.internal.PlatformDependent0=debug",
                "--module-path",
                classes + File.pathSeparator + modulePath,
                "--module",
                "example.modular/example.modular.Main",
                broker.host(),
                Integer.toString(broker.tlsPort()),
                bundle.chainFile().toString(),
                bundle.certificateFile().toString(),
                bundle.keyFile().toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = java.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      java.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(exited).as("the modular application exited; it printed:\n%s", printed).isTrue();
    assertThat(java.exitValue()).as("exit status; it printed:\n%s", printed).isZero();
    assertThat(printed)
        .contains("module io.github.simplemqtt.client")
        .contains("received modular/ping from a module")
        // The client's module requires jdk.unsupported so that Netty keeps its fast buffers.
        .contains("sun.misc.Unsafe.theUnsafe: available");
  }

  /** The client's jar, its run-time dependencies and the application's SLF4J provider. */
  private static String modulePath() throws Exception {
    assertThat(CLIENT_RUNTIME)
        .as("the client's build wrote its run-time class path; build with -am")
        .exists();
    List<String> path = new ArrayList<>();
    path.add(jarOf(MQTTClient.class));
    path.addAll(List.of(Files.readString(CLIENT_RUNTIME).strip().split(File.pathSeparator)));
    // The application's logging choice; Netty reports through it what it found.
    path.add(jarOf(Class.forName("org.slf4j.simple.SimpleLogger")));
    assertThat(path.get(0)).as("the client comes from its jar").endsWith(".jar");
    assertThat(MQTTClient.class.getModule().isNamed())
        .as("this test runs on the class path")
        .isFalse();
    return String.join(File.pathSeparator, path);
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
