package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.UserProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code sub -F FORMAT}: mosquitto_sub's output format, the parts of it that describe a message:
 * {@code %t} topic, {@code %p} payload, {@code %P} user properties as {@code key:value} separated
 * by spaces, {@code %q} QoS, {@code %r} retained (0 or 1), {@code %l} payload length, {@code %m}
 * nothing (we do not see packet ids), {@code %C} content type, {@code %R} response topic, {@code
 * %D} correlation data, {@code %E} expiry seconds, {@code %F} payload format (0 or 1), {@code %x} /
 * {@code %X} payload in hex, {@code %I} ISO-8601 time, {@code %U} Unix time, {@code %j} a JSON
 * line, {@code %%} a percent sign; {@code \n}, {@code \t} and {@code \\} as escapes.
 */
final class OutputFormat {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter JSON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'Z").withZone(ZoneOffset.UTC);
  private static final String CODES = "tpPqrlmCRDEFxXIUj%";

  private final String format;

  private OutputFormat(String format) {
    this.format = format;
  }

  /**
   * Checks {@code format} and keeps it.
   *
   * @throws IllegalArgumentException naming the first unknown code
   */
  static OutputFormat of(String format) {
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '%' || c == '\\') {
        if (i + 1 >= format.length()) {
          throw new IllegalArgumentException(
              "-F ends with a lone '"
                  + c
                  + "'; write %% for a percent sign, \\\\ for a backslash.");
        }
        char code = format.charAt(++i);
        boolean known = c == '%' ? CODES.indexOf(code) >= 0 : "nt\\".indexOf(code) >= 0;
        if (!known) {
          throw new IllegalArgumentException(
              "-F has the unknown code '"
                  + c
                  + code
                  + "'; see simplemqtt sub --help for the codes it knows.");
        }
      }
    }
    return new OutputFormat(format);
  }

  /** The line for {@code message}, received at {@code now}. */
  String format(Message message, Instant now) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '\\') {
        char code = format.charAt(++i);
        out.append(code == 'n' ? '\n' : code == 't' ? '\t' : '\\');
      } else if (c == '%') {
        append(out, format.charAt(++i), message, now);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void append(StringBuilder out, char code, Message message, Instant now) {
    MessageProperties properties = message.properties();
    switch (code) {
      case 't' -> out.append(message.topic());
      case 'p' -> out.append(message.payloadAsString());
      case 'P' ->
          out.append(
              properties.userProperties().stream()
                  .map(p -> p.name() + ":" + p.value())
                  .collect(Collectors.joining(" ")));
      case 'q' -> out.append(message.qos());
      case 'r' -> out.append(message.retained() ? 1 : 0);
      case 'l' -> out.append(message.payloadSize());
      case 'm' -> {
        // packet ids stay inside the client
      }
      case 'C' -> properties.contentType().ifPresent(out::append);
      case 'R' -> properties.responseTopic().ifPresent(out::append);
      case 'D' ->
          properties
              .correlationData()
              .ifPresent(data -> out.append(new String(data, StandardCharsets.UTF_8)));
      case 'E' -> properties.messageExpiry().ifPresent(e -> out.append(e.toSeconds()));
      case 'F' -> {
        if (properties.payloadUtf8()) {
          out.append(1);
        }
      }
      case 'x' -> out.append(HexFormat.of().formatHex(message.payload()));
      case 'X' -> out.append(HexFormat.of().withUpperCase().formatHex(message.payload()));
      case 'I' -> out.append(ISO.format(now));
      case 'U' -> out.append(now.getEpochSecond()).append('.').append(nanos(now));
      case 'j' -> out.append(json(message, now));
      default -> out.append('%'); // '%%'; of() refused every other code
    }
  }

  private static String nanos(Instant now) {
    return String.format("%09d", now.getNano());
  }

  /** mosquitto_sub's %j line: time, topic, QoS, retain, length, properties and payload. */
  static String json(Message message, Instant now) {
    MessageProperties properties = message.properties();
    List<String> fields = new ArrayList<>();
    fields.add(pair("tst", quote(JSON_TIME.format(now))));
    fields.add(pair("topic", quote(message.topic())));
    fields.add(pair("qos", Integer.toString(message.qos())));
    fields.add(pair("retain", message.retained() ? "1" : "0"));
    fields.add(pair("payloadlen", Integer.toString(message.payloadSize())));
    if (!properties.isEmpty()) {
      List<String> props = new ArrayList<>();
      if (!properties.userProperties().isEmpty()) {
        List<String> user = new ArrayList<>();
        for (UserProperty property : properties.userProperties()) {
          user.add(pair(property.name(), quote(property.value())));
        }
        props.add(pair("user-properties", "{" + String.join(",", user) + "}"));
      }
      properties.contentType().ifPresent(v -> props.add(pair("content-type", quote(v))));
      properties.responseTopic().ifPresent(v -> props.add(pair("response-topic", quote(v))));
      properties
          .correlationData()
          .ifPresent(
              v ->
                  props.add(
                      pair("correlation-data", quote(new String(v, StandardCharsets.UTF_8)))));
      properties
          .messageExpiry()
          .ifPresent(v -> props.add(pair("message-expiry-interval", Long.toString(v.toSeconds()))));
      if (properties.payloadUtf8()) {
        props.add(pair("payload-format-indicator", "1"));
      }
      fields.add(pair("properties", "{" + String.join(",", props) + "}"));
    }
    fields.add(pair("payload", quote(message.payloadAsString())));
    return "{" + String.join(",", fields) + "}";
  }

  private static String pair(String name, String jsonValue) {
    return quote(name) + ":" + jsonValue;
  }

  /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259 section 7). */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
