package io.apigenmt.connectors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Publishes the seeds of a JSONL file to the seeds topic as SeedRequest values (Confluent
 * wire-format Avro; use ByteArrayConverter for values and StringConverter for keys), keyed by
 * seed_id. One task: a file has one reader.
 */
public final class SeedFileSourceConnector extends SourceConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    new SeedFileSourceConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SeedFileSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {
    // Nothing to release: the connector only hands out configs.
  }

  @Override
  public ConfigDef config() {
    return SeedFileSourceConfig.CONFIG_DEF;
  }

  /** Offsets are line positions, so a distributed worker with EOS source support can use them. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  @Override
  public String version() {
    return Versions.plugin();
  }
}
