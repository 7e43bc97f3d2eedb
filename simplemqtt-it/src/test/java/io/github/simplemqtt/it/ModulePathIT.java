package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.client.MqttClient;
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
 * Modular applications compile and run on the module path, in a JVM of their own: one that {@code
 * requires io.github.simplemqtt.client} makes a mutual TLS publish/subscribe round trip with a real
 * mosquitto; one that {@code requires io.github.simplemqtt.testing} (and so reads the kit, the
 * client and JUnit's API) makes a broker directory with the kit.
 *
 * <p>The module path is our jars and the run-time dependencies Maven resolves for the client alone,
 * as a user's application gets them. Not this test's class path: the second broker in it brings a
 * newer JCTools, an explicit module that HiveMQ's automatic module would not pull in.
 */
@MosquittoTest(certificates = "device")
class ModulePathIT {

  /** The client's run-time dependencies, written by the client's build. */
  private static final Path CLIENT_RUNTIME =
      Path.of("../simplemqtt-client/target/runtime-classpath.txt");

  private static final String CLIENT_APPLICATION =
      String.join(
          "\n",
          "package example.client;",
          "import io.github.simplemqtt.client.MqttClient;",
          "import java.nio.file.Path;",
          "import java.util.concurrent.*;",
          "public class Main {",
          "  public static void main(String[] args) throws Exception {",
          "    BlockingQueue<String> received = new LinkedBlockingQueue<>();",
          "    try (MqttClient client = MqttClient.builder()",
          "        .broker(args[0], Integer.parseInt(args[1]))",
          "        .tls(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]))",
          "        .build()) {",
          "      client.connect();",
          "      client.subscribe(\"modular/#\", 1,",
          "          message -> received.add(message.topic() + \" \" + message.payloadAsString()));",
          "      client.publish(\"modular/ping\", \"from a module\", 1, false);",
          "      String message = received.poll(20, TimeUnit.SECONDS);",
          "      System.out.println(\"module \" + MqttClient.class.getModule().getName());",
          "      System.out.println(\"received \" + message);",
          "    }",
          "  }",
          "}");

  private static final String KIT_APPLICATION =
      String.join(
          "\n",
          "package example.kit;",
          "import io.github.simplemqtt.broker.*;",
          "import io.github.simplemqtt.broker.pki.*;",
          "import io.github.simplemqtt.testing.MosquittoTest;",
          "import java.nio.file.*;",
          "import java.util.List;",
          "public class Main {",
          "  @MosquittoTest(users = \"alice:secret\") static class AnnotatedTest {}",
          "  public static void main(String[] args) throws Exception {",
          "    BrokerDirectory dir = BrokerDirectory.create(Path.of(args[0]),",
          "        BrokerSettings.defaults(List.of(\"127.0.0.1\")), false);",
          "    dir.setPassword(\"alice\", \"a long password\".toCharArray());",
          "    ClientBundle bob = dir.issueClient(\"bob\", 825);",
          "    System.out.println(\"module \" + BrokerDirectory.class.getModule().getName());",
          "    System.out.println(\"users \" + dir.users());",
          "    System.out.println(\"bob's key \" + Files.isRegularFile(bob.keyFile()));",
          "    System.out.println(\"annotated \"",
          "        + AnnotatedTest.class.getAnnotation(MosquittoTest.class).users()[0]);",
          "  }",
          "}");

  @TempDir Path temp;

  @Test
  void aModularApplicationPublishesAndReceivesOnTheModulePath(MosquittoBroker broker)
      throws Exception {
    Path classes = compile("example.client", "io.github.simplemqtt.client", CLIENT_APPLICATION);

    var bundle = broker.bundle("device");
    String printed =
        run(
            classes,
            // Netty says at debug level whether it could use sun.misc.Unsafe.
            List.of("-Dorg.slf4j.simpleLogger.log.io.netty.util.internal.PlatformDependent0=debug"),
            "example.client",
            broker.host(),
            Integer.toString(broker.tlsPort()),
            bundle.chainFile().toString(),
            bundle.certificateFile().toString(),
            bundle.keyFile().toString());

    assertThat(printed)
        .contains("module io.github.simplemqtt.client")
        .contains("received modular/ping from a module")
        // The client's module requires jdk.unsupported so that Netty keeps its fast buffers.
        .contains("sun.misc.Unsafe.theUnsafe: available");
  }

  @Test
  void aModularTestSupportUserMakesABrokerDirectoryWithTheKit() throws Exception {
    Path classes = compile("example.kit", "io.github.simplemqtt.testing", KIT_APPLICATION);
    Path dir = temp.resolve("mosquitto");

    String printed = run(classes, List.of(), "example.kit", dir.toString());

    assertThat(printed)
        .contains("module io.github.simplemqtt.broker")
        .contains("users [alice]")
        .contains("bob's key true")
        .contains("annotated alice:secret");
    assertThat(BrokerDirectory.open(dir).users()).containsExactly("alice");
  }

  /** Compiles {@code main} as {@code module.Main} in a module that requires {@code required}. */
  private Path compile(String module, String required, String main) throws Exception {
    Path sources = temp.resolve("src-" + module);
    Path classes = Files.createDirectories(temp.resolve("classes-" + module));
    Path moduleInfo = sources.resolve("module-info.java");
    Path mainSource = sources.resolve(module.replace('.', '/')).resolve("Main.java");
    Files.createDirectories(mainSource.getParent());
    Files.writeString(moduleInfo, "module " + module + " {\n  requires " + required + ";\n}\n");
    Files.writeString(mainSource, main);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--module-path",
            modulePath(),
            "-d",
            classes.toString(),
            moduleInfo.toString(),
            mainSource.toString());
    assertThat(status).as("javac on %s:\n%s", module, diagnostics).isZero();
    return classes;
  }

  /** Runs {@code module/module.Main} on the module path; returns what it printed. */
  private String run(Path classes, List<String> jvmOptions, String module, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "--module-path",
            classes + File.pathSeparator + modulePath(),
            "--module",
            module + "/" + module + ".Main"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(temp, "output", ".txt");
    Process java =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = java.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      java.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("%s exited; it printed:\n%s", module, printed).isTrue();
    assertThat(java.exitValue()).as("exit status of %s; it printed:\n%s", module, printed).isZero();
    return printed;
  }

  /**
   * Our three jars, the client's run-time dependencies (which cover the kit's), JUnit's API for the
   * testing module, and the application's SLF4J provider.
   */
  private static String modulePath() throws Exception {
    assertThat(CLIENT_RUNTIME)
        .as("the client's build wrote its run-time class path; build with -am")
        .exists();
    List<String> path = new ArrayList<>();
    for (String type :
        List.of(
            "io.github.simplemqtt.client.MqttClient",
            "io.github.simplemqtt.broker.BrokerDirectory",
            "io.github.simplemqtt.testing.MosquittoTest")) {
      String jar = jarOf(type);
      assertThat(jar).as("%s comes from its jar", type).endsWith(".jar");
      path.add(jar);
    }
    path.addAll(List.of(Files.readString(CLIENT_RUNTIME).strip().split(File.pathSeparator)));
    for (String type :
        List.of(
            "org.junit.jupiter.api.extension.ExtendWith",
            "org.junit.platform.commons.support.AnnotationSupport",
            "org.opentest4j.AssertionFailedError",
            "org.apiguardian.api.API",
            // The application's logging choice; Netty reports through it what it found.
            "org.slf4j.simple.SimpleLogger")) {
      path.add(jarOf(type));
    }
    assertThat(MqttClient.class.getModule().isNamed())
        .as("this test runs on the class path")
        .isFalse();
    return String.join(File.pathSeparator, path);
  }

  private static String jarOf(String type) throws Exception {
    return Path.of(
            Class.forName(type, false, ModulePathIT.class.getClassLoader())
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI())
        .toString();
  }
}
