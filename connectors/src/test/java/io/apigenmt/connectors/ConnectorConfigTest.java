package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** What an operator sees from PUT /connector-plugins/.../config/validate. */
class ConnectorConfigTest {
  @Test
  void shouldAcceptAMinimalSinkConfig() {
    assertThat(errors(new TrajectoryFileSinkConnector().validate(Map.of(
        "connector.class", TrajectoryFileSinkConnector.class.getName(), "topics", "t",
        "output.dir", "/tmp/out", "schema.registry.url", "http://localhost:8081"))))
        .isEmpty();
  }

  @Test
  void shouldNameEachBadSinkSetting() {
    Map<String, String> props = new HashMap<>();
    props.put("output.dir", "");
    props.put("format", "alpaca");
    props.put("file.prefix", "../x");
    props.put("rotate.size.bytes", "0");
    props.put("schema.registry.url", "localhost:8081");
    props.put("schema.registry.basic.auth.user.info", "justauser");

    Map<String, List<String>> errors = errors(new TrajectoryFileSinkConnector().validate(props));

    assertThat(errors.get("output.dir")).anySatisfy(m -> assertThat(m).contains("empty"));
    assertThat(errors.get("format")).anySatisfy(m -> assertThat(m)
        .isEqualTo("Invalid value alpaca for configuration format: must be one of "
            + "[sharegpt, openai, hf]"));
    assertThat(errors.get("file.prefix")).anySatisfy(m -> assertThat(m)
        .contains("letters, digits"));
    assertThat(errors.get("rotate.size.bytes")).anySatisfy(m -> assertThat(m)
        .contains("Value must be at least 1"));
    assertThat(errors.get("schema.registry.url")).anySatisfy(m -> assertThat(m)
        .contains("absolute http:// or https:// URL"));
    assertThat(errors.get("schema.registry.basic.auth.user.info")).anySatisfy(m -> assertThat(m)
        .contains("user:password").doesNotContain("justauser"));
  }

  @Test
  void shouldNameEachBadSourceSetting() {
    Map<String, List<String>> errors = errors(new SeedFileSourceConnector().validate(Map.of(
        "file", "seeds.jsonl", "schema.registry.url", "http://r:8081",
        "on.invalid", "ignore", "batch.size", "0")));

    assertThat(errors.keySet()).containsExactlyInAnyOrder("on.invalid", "batch.size");
    assertThat(errors.get("on.invalid")).anySatisfy(m -> assertThat(m)
        .contains("String must be one of (case insensitive): SKIP, FAIL"));
  }

  private static Map<String, List<String>> errors(Config config) {
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value : config.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        errors.put(value.name(), value.errorMessages());
      }
    }
    return errors;
  }
}
