package io.github.simplemqtt.cli;

import java.util.Map;

/** A command that reads environment variables; the factory in {@link Main} hands it them. */
interface ReadsEnvironment {
  void environment(Map<String, String> environment);
}
