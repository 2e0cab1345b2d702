package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.platform.EmbeddedCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Both connectors on a real in-process Connect worker against the embedded broker and schema
 * registry. One cluster for the whole class (the nested groups share it): starting a broker
 * costs more than all the connector scenarios together.
 */
class ConnectorsOnWorkerTest {
  @RegisterExtension
  static final EmbeddedCluster cluster = EmbeddedCluster.create();

  @Nested
  class TrajectoryFileSink {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOPIC = "it.trajectories.verified";
    private static final String DLQ = "it.trajectories.dlq";


    @TempDir
    Path tmp;

    @Test
    void shouldWriteOneLinePerTaskIdInEveryLayoutAcrossRotationsAndRedelivery() throws Exception {
      // Given 20 trajectories, a duplicate and two undecodable records on a 4-partition topic
      createTopic(TOPIC, 4);
      AvroWireCodec<Trajectory> codec =
          new AvroWireCodec<>(cluster.registryClient(), Trajectory.class);
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        records.add(trajectory(codec, "t-" + i));
      }
      records.add(trajectory(codec, "t-3"));
      records.add(new ProducerRecord<>(TOPIC, "junk", new byte[] {'{', '}'}));
      records.add(new ProducerRecord<>(TOPIC, "unknown-id", new byte[] {0, 0, 0, 0x7f, 1, 2}));
      produce(records);
      Path sharegpt = tmp.resolve("sharegpt");
      Path openai = tmp.resolve("openai");
      Path hf = tmp.resolve("hf");
      Path offsets = tmp.resolve("connect.offsets");

      // When a connector per layout runs
      try (ConnectWorker worker = ConnectWorker.start(cluster.bootstrapServers(), offsets)) {
        worker.createConnector("sink-sharegpt", sinkConfig(sharegpt, "sharegpt", 2500));
        worker.createConnector("sink-openai", sinkConfig(openai, "openai", 1_000_000));
        worker.createConnector("sink-hf", sinkConfig(hf, "hf", 1_000_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> taskIds(sharegpt).size() == 20
            && taskIds(openai).size() == 20 && taskIds(hf).size() == 20);
        await().atMost(Duration.ofSeconds(20)).until(() -> dlqRecords() >= 6);
      }

      // Then each task_id is on exactly one line, rotation by size made several files,
      // every line follows the format contract, and the bad records went to the DLQ
      assertThat(lines(sharegpt)).hasSize(20);
      assertThat(lines(openai)).hasSize(20);
      assertThat(finishedFiles(sharegpt)).hasSizeGreaterThan(3);
      for (String line : lines(sharegpt)) {
        assertShareGptLine(MAPPER.readTree(line));
      }
      for (String line : lines(openai)) {
        JsonNode row = MAPPER.readTree(line);
        assertThat(row.get("messages").isArray()).isTrue();
        assertThat(row.get("tools").isArray()).isTrue();
        assertThat(row.get("task_id").isTextual()).isTrue();
      }
      // Every line is the row export and run write for that record: the same checked layouts
      Map<TrajectoryFormat, Path> dirs = Map.of(TrajectoryFormat.SHAREGPT, sharegpt,
          TrajectoryFormat.OPENAI, openai, TrajectoryFormat.HF, hf);
      for (Map.Entry<TrajectoryFormat, Path> e : dirs.entrySet()) {
        for (String line : lines(e.getValue())) {
          String taskId = MAPPER.readTree(line).get("task_id").asText();
          assertThat(line).as(e.getKey() + " " + taskId)
              .isEqualTo(e.getKey().toJsonLine(Trajectories.retail(taskId)));
        }
      }
      assertThat(dlqRecords()).isEqualTo(6);
      assertThat(hiddenFiles(sharegpt)).isEmpty();

      // When the committed offsets are lost (a crash after the files were finished but before
      // the offset commit) and the restarted worker gets every record again plus new ones
      try (Admin admin = Admin.create(cluster.clientProperties())) {
        admin.deleteConsumerGroups(List.of("connect-sink-sharegpt", "connect-sink-openai")).all()
            .get();
      }
      produce(List.of(trajectory(codec, "t-20"), trajectory(codec, "t-5"),
          trajectory(codec, "t-21")));
      try (ConnectWorker worker = ConnectWorker.start(cluster.bootstrapServers(), offsets)) {
        worker.createConnector("sink-sharegpt", sinkConfig(sharegpt, "sharegpt", 2500));
        worker.createConnector("sink-openai", sinkConfig(openai, "openai", 1_000_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> taskIds(sharegpt).size() == 22
            && taskIds(openai).size() == 22);
      }

      // Then still exactly one line per task_id
      assertThat(lines(sharegpt)).hasSize(22);
      assertThat(lines(openai)).hasSize(22);
    }

    private static Map<String, String> sinkConfig(Path dir, String format, long rotateBytes) {
      Map<String, String> config = new HashMap<>();
      config.put("connector.class", TrajectoryFileSinkConnector.class.getName());
      config.put("tasks.max", "2");
      config.put("topics", TOPIC);
      config.put("output.dir", dir.toString());
      config.put("format", format);
      config.put("rotate.size.bytes", Long.toString(rotateBytes));
      config.put("rotate.interval.ms", "300");
      config.put("schema.registry.url", cluster.registryUrl());
      config.put("errors.tolerance", "all");
      config.put("errors.deadletterqueue.topic.name", DLQ);
      config.put("errors.deadletterqueue.topic.replication.factor", "1");
      config.put("errors.deadletterqueue.context.headers.enable", "true");
      return config;
    }

    private static void assertShareGptLine(JsonNode row) throws IOException {
      for (String key : List.of("conversations", "tools", "system", "task_id", "domain",
          "instruction", "actions", "outputs")) {
        assertThat(row.has(key)).as("has %s", key).isTrue();
      }
      assertThat(row.get("tools").isTextual()).isTrue();
      JsonNode turns = row.get("conversations");
      assertThat(turns.get(0).get("from").asText()).isEqualTo("human");
      for (int i = 0; i < turns.size(); i++) {
        String from = turns.get(i).get("from").asText();
        assertThat(from).isIn("human", "gpt", "function_call", "observation");
        if (from.equals("function_call")) {
          JsonNode call = MAPPER.readTree(turns.get(i).get("value").asText());
          assertThat(call.get("name").asText()).isEqualTo("get_order_details");
          assertThat(call.get("arguments").isObject()).isTrue();
          assertThat(turns.get(i + 1).get("from").asText()).isEqualTo("observation");
        }
      }
    }

    private static ProducerRecord<String, byte[]> trajectory(AvroWireCodec<Trajectory> codec,
        String taskId) {
      return new ProducerRecord<>(TOPIC, taskId, codec.serialize(TOPIC, Trajectories.retail(taskId)));
    }

    private static void produce(List<ProducerRecord<String, byte[]>> records) {
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(cluster.clientProperties(),
          new StringSerializer(), new ByteArraySerializer())) {
        records.forEach(producer::send);
        producer.flush();
      }
    }

    private static void createTopic(String name, int partitions) throws Exception {
      try (Admin admin = Admin.create(cluster.clientProperties())) {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
      }
    }

    private static int dlqRecords() {
      Map<String, Object> props = cluster.consumerProperties();
      int count = 0;
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(DLQ));
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            count++;
          }
          if (count >= 4 && consumer.assignment().size() > 0) {
            break;
          }
        }
      }
      return count;
    }

    private static List<Path> finishedFiles(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
            .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
      }
    }

    private static List<Path> hiddenFiles(Path dir) throws IOException {
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
      }
    }

    private static List<String> lines(Path dir) throws IOException {
      List<String> lines = new ArrayList<>();
      for (Path file : finishedFiles(dir)) {
        Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(lines::add);
      }
      return lines;
    }

    private static Set<String> taskIds(Path dir) throws IOException {
      Set<String> ids = new HashSet<>();
      for (String line : lines(dir)) {
        ids.add(MAPPER.readTree(line).get("task_id").asText());
      }
      return ids;
    }
  }

  @Nested
  class SeedFileSource {

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
}
