package io.apigenmt.connectors;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.SchemaRegistryConfig;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The schema-registry settings both connectors share. The names follow Confluent's converters
 * (schema.registry.url, basic.auth.user.info) so operators can reuse what they already have.
 */
final class RegistrySettings {
  static final String URL = "schema.registry.url";
  static final String BASIC_AUTH = "schema.registry.basic.auth.user.info";
  private static final String GROUP = "Schema registry";

  private RegistrySettings() {}

  static ConfigDef define(ConfigDef def) {
    return def
        .define(URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(),
            ConfigDef.Importance.HIGH,
            "Base URL of a Confluent-API schema registry (Confluent SR, Karapace, Redpanda, "
                + "Apicurio ccompat, or apigen's embedded one), e.g. http://registry:8081.",
            GROUP, 1, ConfigDef.Width.LONG, "Schema registry URL")
        .define(BASIC_AUTH, ConfigDef.Type.PASSWORD, null, new UserInfo(),
            ConfigDef.Importance.MEDIUM,
            "user:password for HTTP basic authentication to the registry; empty for none.",
            GROUP, 2, ConfigDef.Width.MEDIUM, "Registry basic auth");
  }

  static SchemaRegistryClient client(AbstractConfig config) {
    SchemaRegistryConfig registry = SchemaRegistryConfig.of(config.getString(URL));
    Password auth = config.getPassword(BASIC_AUTH);
    if (auth != null && !auth.value().isEmpty()) {
      registry = registry.withBasicAuth(auth.value());
    }
    return new SchemaRegistryClient(registry);
  }

  /** An absolute http(s) URL; rejected at config validation, before any task starts. */
  private static final class HttpUrl implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : value.toString().trim();
      try {
        URI uri = new URI(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return;
        }
      } catch (URISyntaxException e) {
        // Falls through to the single, precise message below.
      }
      throw new ConfigException(name, text,
          "must be an absolute http:// or https:// URL of a schema registry");
    }

    @Override
    public String toString() {
      return "http(s)://host[:port]";
    }
  }

  /** user:password; the message never echoes the value, it is a credential. */
  private static final class UserInfo implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof Password p && !p.value().isEmpty() && p.value().indexOf(':') < 1) {
        throw new ConfigException(name + " must have the form user:password");
      }
    }

    @Override
    public String toString() {
      return "user:password";
    }
  }
}
