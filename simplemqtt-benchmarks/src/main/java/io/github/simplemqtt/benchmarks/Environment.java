package io.github.simplemqtt.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and software a bench ran on, recorded with its results. */
final class Environment {
  private Environment() {}

  static Map<String, String> describe() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("cpu", cpuModel());
    facts.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")));
    facts.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    facts.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    facts.put("mosquitto", firstLine("mosquitto", "-h"));
    facts.put("mosquitto clients", MosquittoTools.available() ? "installed" : "not installed");
    facts.put("load average at start", loadAverage());
    return facts;
  }

  static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format("%.2f", load);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      // Not Linux.
    }
    return System.getProperty("os.arch");
  }

  private static String firstLine(String tool, String arg) {
    Path executable = MosquittoTools.find(tool);
    if (executable == null) {
      executable = Path.of("/usr/sbin", tool);
      if (!Files.isExecutable(executable)) {
        return "not installed";
      }
    }
    try {
      Process process =
          new ProcessBuilder(executable.toString(), arg).redirectErrorStream(true).start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        process.waitFor();
        return line == null ? "unknown" : line.trim();
      }
    } catch (Exception e) {
      return "unknown";
    }
  }
}
