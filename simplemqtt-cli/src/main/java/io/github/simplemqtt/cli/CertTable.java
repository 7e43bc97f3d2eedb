package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.pki.CertificateInfo;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code cert list} table. */
final class CertTable {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private CertTable() {}

  static String date(Instant instant) {
    return DATE.format(instant);
  }

  static void print(List<CertificateInfo> certificates, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ROLE", "CN", "SERIAL", "EXPIRES", "STATE"});
    for (CertificateInfo info : certificates) {
      rows.add(
          new String[] {
            lower(info.role().name()),
            info.commonName(),
            info.serialHex(),
            date(info.notAfter()),
            lower(info.state().name())
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
