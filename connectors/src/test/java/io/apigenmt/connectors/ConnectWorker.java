package io.apigenmt.connectors;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A real standalone Connect worker in this JVM. Plugins are found through META-INF/services on
 * the test classpath (plugin.discovery=service_load), exactly as a worker finds the packaged
 * plugin on its plugin.path. Source offsets live in a file, so a second worker on the same file
 * is a restart.
 */
final class ConnectWorker implements AutoCloseable {
  private final Connect<StandaloneHerder> connect;

  private ConnectWorker(Connect<StandaloneHerder> connect) {
    this.connect = connect;
  }

  static ConnectWorker start(String bootstrapServers, Path offsetsFile) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("offset.storage.file.filename", offsetsFile.toString());
    // Short so tests see committed offsets (sink) and flushed source offsets quickly.
    props.put("offset.flush.interval.ms", "300");
    props.put("plugin.discovery", "service_load");
    props.put("listeners", "http://127.0.0.1:0");
    return new ConnectWorker(new ConnectStandalone().startConnect(props));
  }

  void createConnector(String name, Map<String, String> config) throws Exception {
    Map<String, String> withName = new HashMap<>(config);
    withName.put("name", name);
    FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
    connect.herder().putConnectorConfig(name, withName, true, done);
    done.get(30, TimeUnit.SECONDS);
  }

  ConnectorStateInfo status(String name) {
    return connect.herder().connectorStatus(name);
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
