package io.apigenmt.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin version Connect shows in its REST API, filtered in by Maven at build time. */
final class Versions {
  private Versions() {}

  static String plugin() {
    try (InputStream in = Versions.class.getResourceAsStream("/apigen-connectors.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the plugin version resource", e);
    }
  }
}
