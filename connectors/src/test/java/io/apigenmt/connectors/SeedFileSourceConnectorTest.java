package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.platform.EmbeddedCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The seed source on a real Connect worker against the embedded broker and schema registry. */
class SeedFileSourceConnectorTest {
  @RegisterExtension
  static final EmbeddedCluster cluster = EmbeddedCluster.create();

  @TempDir
  Path tmp;

  private final ListAppender<ILoggingEvent> taskLog = new ListAppender<>();

  @BeforeEach
  void captureTaskLog() {
    taskLog.start();
    ((Logger) LoggerFactory.getLogger(SeedFileSourceTask.class)).addAppender(taskLog);
  }

  @AfterEach
  void releaseTaskLog() {
    ((Logger) LoggerFactory.getLogger(SeedFileSourceTask.class)).detachAppender(taskLog);
  }

  @Test
  void shouldPublishValidSeedsReportBadLinesAndNotRepublishAfterRestart() throws Exception {
    // Given a seed file with three valid seeds and two bad lines
    String topic = "it.seeds";
    createTopic(topic);
    Path seeds = tmp.resolve("seeds.jsonl");
    Files.writeString(seeds, String.join("\n",
        "{\"seed_id\":\"s-1\",\"domain\":\"retail\",\"tasks\":5,\"random_seed\":7,"
            + "\"options\":{\"recombine\":true}}",
        "{not json",
        "{\"seed_id\":\"s-2\",\"domain\":\"airline\",\"tasks\":2}",
        "{\"seed_id\":\"s-x\",\"domain\":\"retail\",\"tasks\":0}",
        "{\"seed_id\":\"s-3\",\"domain\":\"retail\",\"tasks\":1}") + "\n");
    Path offsets = tmp.resolve("connect.offsets");
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
      // When the source runs
      try (ConnectWorker worker = ConnectWorker.start(cluster.bootstrapServers(), offsets)) {
        worker.createConnector("seeds", sourceConfig(seeds, topic, "skip"));
        await().atMost(Duration.ofSeconds(30)).until(() -> poll(consumer, seen) >= 3);
      }

      // Then the valid seeds are published keyed by seed_id, the bad lines named in the log
      AvroWireCodec<SeedRequest> codec =
          new AvroWireCodec<>(cluster.registryClient(), SeedRequest.class);
      assertThat(seen).extracting(ConsumerRecord::key).containsExactly("s-1", "s-2", "s-3");
      SeedRequest first = codec.deserialize(seen.get(0).value());
      assertThat(first.getDomain()).isEqualTo("retail");
      assertThat(first.getTasks()).isEqualTo(5);
      assertThat(first.getRandomSeed()).isEqualTo(7);
      assertThat(first.getOptions()).containsEntry("recombine", "true");
      assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("seeds.jsonl:2", "not JSON"));
      assertThat(warnings()).anySatisfy(w -> assertThat(w)
          .contains("seeds.jsonl:4", "tasks must be between 1 and"));

      // When a seed is appended and the worker restarts on the same offsets
      Files.writeString(seeds, "{\"seed_id\":\"s-4\",\"domain\":\"retail\",\"tasks\":3}\n",
          StandardOpenOption.APPEND);
      try (ConnectWorker worker = ConnectWorker.start(cluster.bootstrapServers(), offsets)) {
        worker.createConnector("seeds", sourceConfig(seeds, topic, "skip"));
        await().atMost(Duration.ofSeconds(30)).until(() -> poll(consumer, seen) >= 4);
        // One partition: a republished s-1..s-3 would have arrived before s-4.
        poll(consumer, seen);
      }
    }

    // Then only the new seed was published
    assertThat(seen).extracting(ConsumerRecord::key).containsExactly("s-1", "s-2", "s-3", "s-4");
  }

  @Test
  void shouldFailTheTaskOnABadLineWhenConfiguredTo() throws Exception {
    String topic = "it.seeds.strict";
    createTopic(topic);
    Path seeds = tmp.resolve("strict.jsonl");
    Files.writeString(seeds, "{\"seed_id\":\"s-1\",\"domain\":\"retail\",\"tasks\":1}\n"
        + "{\"seed_id\":\"s-2\",\"domain\":\"retail\",\"task\":1}\n", StandardCharsets.UTF_8);

    try (ConnectWorker worker = ConnectWorker.start(cluster.bootstrapServers(),
        tmp.resolve("strict.offsets"))) {
      worker.createConnector("strict-seeds", sourceConfig(seeds, topic, "fail"));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        ConnectorStateInfo status = worker.status("strict-seeds");
        return !status.tasks().isEmpty() && status.tasks().get(0).state().equals("FAILED");
      });
      assertThat(worker.status("strict-seeds").tasks().get(0).trace())
          .contains("Invalid seed at " + seeds + ":2: unknown field 'task'");
    }
  }

  private List<String> warnings() {
    return taskLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static Map<String, String> sourceConfig(Path file, String topic, String onInvalid) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", SeedFileSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("file", file.toString());
    config.put("topic", topic);
    config.put("on.invalid", onInvalid);
    config.put("poll.interval.ms", "100");
    config.put("schema.registry.url", cluster.registryUrl());
    return config;
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cluster.consumerProperties(),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static int poll(KafkaConsumer<String, byte[]> consumer,
      List<ConsumerRecord<String, byte[]>> into) {
    consumer.poll(Duration.ofMillis(500)).forEach(into::add);
    return into.size();
  }

  private static void createTopic(String name) throws Exception {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }
  }
}
