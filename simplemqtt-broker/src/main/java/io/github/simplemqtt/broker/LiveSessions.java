package io.github.simplemqtt.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the live sessions of one user from mosquitto's log (connection messages at notice level,
 * which the kit's config turns on): mosquitto 2.0 has no per-user client list in {@code $SYS}.
 */
final class LiveSessions {
  private static final Pattern STARTING = Pattern.compile("mosquitto version \\S+ starting");
  private static final Pattern CONNECTED =
      Pattern.compile("New client connected from \\S+ as (\\S+) \\(.*u'([^']*)'\\)");
  private static final Pattern ENDED =
      Pattern.compile(
          "[Cc]lient (\\S+?),? (?:disconnected|closed its connection|has exceeded timeout"
              + "|already connected|disconnecting)");

  private LiveSessions() {}

  /** How many clients that logged in as {@code user} are connected at the end of {@code log}. */
  static int count(List<String> log, String user) {
    Map<String, String> userByClient = new HashMap<>();
    for (String line : log) {
      if (STARTING.matcher(line).find()) {
        userByClient.clear(); // a (re)start ended every earlier session
        continue;
      }
      Matcher connected = CONNECTED.matcher(line);
      if (connected.find()) {
        userByClient.put(connected.group(1), connected.group(2));
        continue;
      }
      Matcher ended = ENDED.matcher(line);
      if (ended.find()) {
        userByClient.remove(ended.group(1));
      }
    }
    return (int) userByClient.values().stream().filter(user::equals).count();
  }
}
