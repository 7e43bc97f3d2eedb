package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.Mosquitto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: this version, the Java running it and the mosquitto that {@code
 * broker start} would run, the three facts a bug report needs.
 */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"simplemqtt " + ours(), java(), mosquitto(Mosquitto.find())};
  }

  /** The project version, written into version.properties by the build. */
  static String ours() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the build");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String java() {
    return "Java "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vendor")
        + ", "
        + System.getProperty("java.home")
        + ")";
  }

  /** The mosquitto line: its version and path, or why there is none and how to get it. */
  static String mosquitto(Optional<Path> executable) {
    if (executable.isEmpty()) {
      return "mosquitto: not found (not on the PATH nor in /usr/sbin, /usr/local/sbin or"
          + " /opt/homebrew/sbin); "
          + Mosquitto.installHint();
    }
    try {
      return "mosquitto " + Mosquitto.version(executable.get()) + " (" + executable.get() + ")";
    } catch (BrokerProcessException e) {
      return "mosquitto: " + e.getMessage();
    }
  }
}
