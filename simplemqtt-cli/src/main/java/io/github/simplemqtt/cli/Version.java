package io.github.simplemqtt.cli;

import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code --version}. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"simplemqtt " + (version == null ? "0.1.0-SNAPSHOT" : version)};
  }
}
