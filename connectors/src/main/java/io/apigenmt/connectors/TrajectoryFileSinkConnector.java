package io.apigenmt.connectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes trajectories.verified (Confluent wire-format Avro, read with ByteArrayConverter) to
 * rolling JSONL files in the sharegpt or openai layout, exactly one line per task_id. See
 * {@link TrajectoryFileSinkTask} for how that holds across restarts.
 */
public final class TrajectoryFileSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    // Parsing here fails the connector, not each task, on a bad config.
    new TrajectoryFileSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return TrajectoryFileSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(TrajectoryFileSinkConfig.TASK_INDEX, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    // Nothing to release: the connector only hands out configs.
  }

  @Override
  public ConfigDef config() {
    return TrajectoryFileSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return Versions.plugin();
  }
}
