package io.github.simplemqtt.cli;

/** The line a command prints after it removed someone's access. */
final class Sessions {
  private Sessions() {}

  /**
   * @param ended the live sessions the kit's restart of the local broker ended, or -1 when no local
   *     broker ran
   */
  static String ended(String name, int ended) {
    if (ended < 0) {
      return "No local broker runs for this directory; a mosquitto under systemd or Docker keeps"
          + " live sessions of "
          + name
          + " until it restarts (`systemctl restart simplemqtt-mosquitto` or"
          + " `docker compose restart`).";
    }
    return "Restarted mosquitto: ended "
        + ended
        + " live session"
        + (ended == 1 ? "" : "s")
        + " of "
        + name
        + "; other clients reconnect and keep their queued messages.";
  }
}
