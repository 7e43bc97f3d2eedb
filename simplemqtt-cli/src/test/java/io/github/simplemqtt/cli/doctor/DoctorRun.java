package io.github.simplemqtt.cli.doctor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code simplemqtt doctor} in-process and reads its checklist. */
record DoctorRun(int exitCode, String out, String err) {

  static DoctorRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new DoctorCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new DoctorRun(exitCode, out.toString(), err.toString());
  }

  /** The checklist line of the failure, e.g. "FAILED 3 tls broker certificate ...". */
  String failure() {
    return lines().stream()
        .filter(line -> line.strip().startsWith("FAILED"))
        .map(String::strip)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no FAILED line in:\n" + out + err));
  }

  /** The cause sentence under the failure. */
  String cause() {
    return after("cause: ");
  }

  /** The fix sentence under the failure. */
  String fix() {
    return after("fix:   ");
  }

  private String after(String label) {
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith("FAILED")) {
        for (String next : lines.subList(i + 1, lines.size())) {
          if (next.strip().startsWith(label.strip())) {
            return next.strip().substring(label.length()).strip();
          }
        }
      }
    }
    throw new AssertionError("no " + label + " line under the failure in:\n" + out);
  }

  List<String> lines() {
    return out.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n" + out + err;
  }
}
