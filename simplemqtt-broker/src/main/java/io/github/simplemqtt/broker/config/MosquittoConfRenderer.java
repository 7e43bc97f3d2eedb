package io.github.simplemqtt.broker.config;

import org.jspecify.annotations.Nullable;

/** Writes {@link MosquittoConfig} as a {@link MosquittoConfFile}. */
final class MosquittoConfRenderer {
  private MosquittoConfRenderer() {}

  static MosquittoConfFile render(MosquittoConfig c) {
    MosquittoConfFile.Writer out = new MosquittoConfFile.Writer();
    out.comment("mosquitto.conf for Mosquitto 2.0, written by simplemqtt.");
    out.comment("Paths are relative to the broker directory: start mosquitto with that directory");
    out.comment("as its working directory (the local process, the systemd unit and the Docker");
    out.comment("container all do). Comments stay on their own lines: mosquitto would read a '#'");
    out.comment("after a value as part of the value.");
    out.blank();
    out.comment("allow_anonymous, password_file and acl_file below apply to the listener they");
    out.comment("follow. This line must come before any of them.");
    out.line("per_listener_settings true");

    if (c.runAsUser() != null) {
      out.blank();
      out.comment("When started as root, switch to the owner of the broker directory (not to");
      out.comment("'mosquitto'), so the 0600 password file and key stay readable.");
      out.line("user " + c.runAsUser());
    }

    out.blank();
    out.comment("Send each packet at once: without this a mutual-TLS connect took about 54 ms");
    out.comment("instead of 12 ms, as handshake records waited on Nagle's algorithm.");
    out.line("set_tcp_nodelay true");

    out.blank();
    out.comment("Keep retained messages, subscriptions and queued messages across restarts in");
    out.comment(MosquittoConfig.PERSISTENCE_LOCATION + "mosquitto.db, saved " + autosave(c) + ".");
    out.line("persistence true");
    out.line("persistence_location " + MosquittoConfig.PERSISTENCE_LOCATION);
    if (c.autosaveOnChanges()) {
      out.line("autosave_on_changes true");
    }
    out.line("autosave_interval " + c.autosaveInterval());

    out.blank();
    out.comment("Queue limits per client, chosen on purpose. Beyond them mosquitto drops QoS 1/2");
    out.comment("messages for a slow or offline subscriber without telling anyone; with the");
    out.comment(
        "default of 1000 a fast publisher lost about two thirds of 100k messages that way.");
    out.comment("0 means no limit.");
    out.line("max_queued_messages " + c.maxQueuedMessages());
    out.line("max_queued_bytes " + c.maxQueuedBytes());
    out.line("max_inflight_messages " + c.maxInflightMessages());
    if (c.maxPacketSize() != null || c.messageSizeLimit() != null) {
      out.comment("Larger packets or payloads are refused.");
    }
    if (c.maxPacketSize() != null) {
      out.line("max_packet_size " + c.maxPacketSize());
    }
    if (c.messageSizeLimit() != null) {
      out.line("message_size_limit " + c.messageSizeLimit());
    }

    out.blank();
    out.comment("Log to a file with ISO 8601 times. One log_type per line: mosquitto reads only");
    out.comment("the first word after log_type.");
    out.line("log_dest file " + MosquittoConfig.LOG_FILE);
    out.line("log_timestamp true");
    out.line("log_timestamp_format %Y-%m-%dT%H:%M:%S");
    out.line("log_type error");
    out.line("log_type warning");
    out.line("log_type notice");
    out.line("log_type information");
    out.line("connection_messages true");

    if (c.port() != null) {
      out.blank();
      if (c.allowAnonymous()) {
        out.comment(
            "Plain MQTT on port " + c.port() + ", open to anyone: no user name or password");
        out.comment("is needed. Use it only on a network you trust.");
        out.line(listener(c.port(), c.bindAddress()));
        out.line("allow_anonymous true");
      } else {
        out.comment("Plain MQTT on port " + c.port() + ": clients log in with a user name and a");
        out.comment("password from the password file (mosquitto_passwd format).");
        out.line(listener(c.port(), c.bindAddress()));
        out.line("allow_anonymous false");
        out.line("password_file " + c.passwordFile());
      }
      acl(out, c);
    }

    if (c.tlsPort() != null) {
      out.blank();
      out.comment(
          "Mutual TLS on port " + c.tlsPort() + ": a client must present a certificate that");
      out.comment("cafile (the signing CA and the root) verifies, and its CN becomes the user");
      out.comment("name. The server proves itself with certfile and keyfile.");
      out.line(listener(c.tlsPort(), c.tlsBindAddress()));
      out.line("cafile " + c.caFile());
      out.line("certfile " + c.certFile());
      out.line("keyfile " + c.keyFile());
      if (c.crlFile() != null) {
        out.comment("Client certificates revoked by the CA; re-read on SIGHUP (reload).");
        out.line("crlfile " + c.crlFile());
      }
      out.line("require_certificate true");
      out.line("use_identity_as_username true");
      out.comment("The lowest TLS version accepted.");
      out.line("tls_version " + c.tlsVersion());
      out.line("allow_anonymous false");
      acl(out, c);
    }
    return out.build();
  }

  private static void acl(MosquittoConfFile.Writer out, MosquittoConfig c) {
    if (c.aclFile() != null) {
      out.line(MosquittoConfFile.ACL_COMMENT);
      out.line("acl_file " + c.aclFile());
    }
  }

  private static String listener(int port, @Nullable String bindAddress) {
    return "listener " + port + (bindAddress == null ? "" : " " + bindAddress);
  }

  private static String autosave(MosquittoConfig c) {
    int n = c.autosaveInterval();
    if (n == 0) {
      return "when mosquitto stops";
    }
    if (c.autosaveOnChanges()) {
      return n == 1 ? "after every change" : "every " + n + " changes";
    }
    return n == 1 ? "every second" : "every " + n + " seconds";
  }
}
