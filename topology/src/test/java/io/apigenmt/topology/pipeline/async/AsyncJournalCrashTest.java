package io.apigenmt.topology.pipeline.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.topology.platform.BrokerSettings;
import io.apigenmt.topology.platform.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a real broker: SIGKILL the Streams JVM running the async processor mid-flight, start it
 * again on the same state dir, and read the output read_committed — every input key exactly
 * once, nothing lost to the crash and nothing doubled by the resubmission.
 */
class AsyncJournalCrashTest {

    private static final Logger log = LoggerFactory.getLogger(AsyncJournalCrashTest.class);

    private static final int RECORDS = 2_000;
    private static final int KILL_AFTER_OUTPUTS = 500;
    private static final String INPUT = "crash-in";
    private static final String OUTPUT = "crash-out";
    private static final String APPLICATION_ID = "async-crash-test";
    private static final String INSTANCE_ID = "crash-worker";
    /** Per phase; a phase takes 5-15 s on an idle 2-core machine, the rest is for a busy one. */
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

    private EmbeddedBroker broker;
    private Path workDir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startBroker() throws IOException {
        broker = EmbeddedBroker.start(BrokerSettings.ephemeral());
        // Streams state must outlive the kill and stay out of the OS temp directory.
        Path target = Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(target.toAbsolutePath(), "async-crash-");
    }

    @AfterEach
    void stopEverything() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (broker != null) {
            broker.close();
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryInputExactlyOnceAcrossASigkill() throws Exception {
        // Given 2,000 inputs and a Streams JVM working through them
        createTopics();
        produceInputs();
        Path stateDir = Files.createDirectories(workDir.resolve("state"));
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> outputs = readCommittedConsumer()) {
            Process first = startApp(stateDir, "first.log");
            awaitOutputs(outputs, seen, KILL_AFTER_OUTPUTS, PHASE_TIMEOUT, first);

            // When it is killed mid-run and a second JVM takes over the same state dir
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int seenAtKill = seen.size();
            long killedAt = System.nanoTime();
            Process second = startApp(stateDir, "second.log");
            awaitOutputs(outputs, seen, RECORDS, PHASE_TIMEOUT, second);
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            pollFor(outputs, seen, Duration.ofSeconds(2)); // anything doubled would show up now
            log.info("Killed the first Streams JVM after {} keys; the second finished the rest "
                    + "in {} ms, resubmitting {} journalled inputs", seenAtKill, recoveredMillis,
                    lastResubmitted(workDir.resolve("second.log")));

            // Then every key came out exactly once, and the second JVM redid journalled work
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                if (!seen.containsKey(key(i))) {
                    missing.add(key(i));
                }
            }
            List<String> duplicated = seen.entrySet().stream()
                    .filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList();
            assertThat(seenAtKill).isLessThan(RECORDS);
            assertThat(missing).as("missing keys").isEmpty();
            assertThat(duplicated).as("duplicated keys").isEmpty();
            assertThat(seen).hasSize(RECORDS);
            assertThat(lastResubmitted(workDir.resolve("second.log")))
                    .as("journalled inputs resubmitted by the second JVM").isPositive();
        }
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 4, (short) 1),
                    new NewTopic(OUTPUT, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private void produceInputs() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(INPUT, key(i), "value-" + i));
            }
            producer.flush();
        }
    }

    private Process startApp(Path stateDir, String logName) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Client-compiler-only and serial GC: a quicker start on a small, busy machine.
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                CrashTestApp.class.getName(),
                broker.bootstrapServers(), APPLICATION_ID, stateDir.toString(), INSTANCE_ID,
                INPUT, OUTPUT)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(logName).toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private KafkaConsumer<String, String> readCommittedConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(OUTPUT));
        return consumer;
    }

    private void awaitOutputs(KafkaConsumer<String, String> consumer, Map<String, Integer> seen,
                              int distinct, Duration timeout, Process app) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < distinct) {
            if (!app.isAlive()) {
                throw new AssertionError("Streams JVM exited with " + app.exitValue() + "; log:\n"
                        + tail(workDir));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + seen.size() + " of " + distinct
                        + " keys after " + timeout.toSeconds() + " s; log:\n" + tail(workDir));
            }
            pollFor(consumer, seen, Duration.ofMillis(100));
        }
    }

    private static void pollFor(KafkaConsumer<String, String> consumer, Map<String, Integer> seen,
                                Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        do {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                seen.merge(record.key(), 1, Integer::sum);
            }
        } while (System.nanoTime() < deadline);
    }

    /** The last resubmission count a Streams JVM reported. */
    private static long lastResubmitted(Path log) throws IOException {
        long resubmitted = 0;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(CrashTestApp.STATS_PREFIX)) {
                String field = line.substring(line.indexOf("resubmitted=") + "resubmitted=".length());
                resubmitted = Long.parseLong(field.substring(0, field.indexOf(' ')));
            }
        }
        return resubmitted;
    }

    private static String tail(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("first.log", "second.log")) {
            Path log = dir.resolve(name);
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log).stream()
                        .filter(line -> !line.startsWith(CrashTestApp.STATS_PREFIX)).toList();
                text.append("== ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())))
                        .append('\n');
            }
        }
        return text.toString();
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "key-%04d", i);
    }
}
