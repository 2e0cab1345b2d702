package io.apigenmt.topology.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API key never leaks: a pipeline run with a canary key in OPENAI_API_KEY (a worker
 * process, {@code run}, {@code report} and {@code export}, all with the canary in their
 * environment) leaves no trace of it in any output file, log, the state directories, the
 * /metrics text, or any byte of any topic (internal topics included) — yet the model server
 * did receive it as a bearer token.
 */
class CanaryKeyTest {

    private EmbeddedPlatform platform;
    private SimLlmServer sim;
    private RecordingProxy proxy;
    private Path work;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        work = Harness.workDir("canary-");
        platform = EmbeddedPlatform.ephemeral();
        TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(new Topics(), 4, (short) 1);
        sim = SimLlm.server(SimLlmOptions.defaults(), DomainRegistry.load());
        sim.start();
        proxy = new RecordingProxy("http://127.0.0.1:" + sim.port());
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (proxy != null) {
            proxy.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (platform != null) {
            platform.close();
        }
        Harness.delete(work);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldNeverWriteTheApiKeyAnywhereButSendItToTheModel() throws Exception {
        String canary = "sk-canary-" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> env = Map.of("OPENAI_API_KEY", canary);
        String bs = platform.bootstrapServers();
        String reg = platform.registryUrl();

        // Given a worker process and a `run` sharing the work, all with the canary key
        Path workerLog = work.resolve("worker.log");
        Process worker = Harness.worker(workerLog, bs, reg, proxy.baseUrl(), "canary-worker",
                Files.createDirectories(work.resolve("worker-state")), env, "--metrics-port", "0");
        processes.add(worker);
        int metricsPort = Harness.metricsPort(Harness.awaitLog(worker, workerLog, "worker running", Duration.ofSeconds(60)));
        Path out = work.resolve("out");
        Process run = Harness.cli(work.resolve("run.log"), Map.of("OPENAI_API_KEY", canary,
                        "APIGEN_WORKER__STATE_DIR", work.resolve("run-state").toString()),
                "run", "--tasks", "2", "--out", out.toString(), "--bootstrap-servers", bs, "--schema-registry-url", reg,
                "--llm-base-url", proxy.baseUrl(), "--timeout", "120");
        processes.add(run);
        assertThat(run.waitFor(150, TimeUnit.SECONDS)).as("run finished").isTrue();
        assertThat(run.exitValue()).as("run exit code:\n" + Harness.tail(work.resolve("run.log"))).isZero();

        // And the worker's metrics, report and export, with the canary in their environment
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("apigen");
        Files.writeString(work.resolve("metrics.txt"), metrics);
        cliOk(env, "report.log", "report", "--bootstrap-servers", bs, "--schema-registry-url", reg);
        cliOk(env, "export.log", "export", "--bootstrap-servers", bs, "--schema-registry-url", reg,
                "--out", work.resolve("export.jsonl").toString(), "--format", "openai");
        Harness.stop(worker);

        // Then the key went to the model as a bearer token...
        assertThat(proxy.authorizations()).as("Authorization headers the model server saw")
                .containsExactly("Bearer " + canary);
        // ...and nowhere else: files (outputs, report.json, logs, state), metrics, topics
        assertThat(Files.exists(out.resolve("report.json"))).isTrue();
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        List<String> filesWithCanary = new ArrayList<>();
        int[] filesRead = {0};
        try (Stream<Path> files = Files.walk(work)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                filesRead[0]++;
                try {
                    if (contains(Files.readAllBytes(f), needle)) {
                        filesWithCanary.add(work.relativize(f).toString());
                    }
                } catch (java.io.IOException e) {
                    // a file removed while walking (state dir cleanup): nothing to read
                }
            });
        }
        assertThat(filesRead[0]).as("files searched").isGreaterThan(5);
        assertThat(filesWithCanary).as("files containing the canary").isEmpty();
        canaryBytes = needle;
        TopicBytes topics = allTopicBytes();
        assertThat(topics.records).as("records searched").isGreaterThan(10);
        assertThat(topics.hits).as("records containing the canary").isEmpty();
    }

    private void cliOk(Map<String, String> env, String log, String... args) throws Exception {
        Process p = Harness.cli(work.resolve(log), env, args);
        processes.add(p);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(args[0] + " finished").isTrue();
        assertThat(p.exitValue()).as(args[0] + ":\n" + Harness.tail(work.resolve(log))).isZero();
    }

    private record TopicBytes(long records, List<String> hits) {}

    /** Every record of every topic, internal ones included, uncommitted ones included. */
    private TopicBytes allTopicBytes() throws Exception {
        Set<String> names;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", platform.bootstrapServers()))) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> p = new HashMap<>(platform.clientProperties());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        long count = 0;
        List<String> hits = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String n : names) {
                for (PartitionInfo info : c.partitionsFor(n, Duration.ofSeconds(30))) {
                    parts.add(new TopicPartition(n, info.partition()));
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    count++;
                    boolean hit = contains(r.key(), canaryBytes) || contains(r.value(), canaryBytes);
                    for (Header h : r.headers()) {
                        hit |= contains(h.value(), canaryBytes) || h.key().contains(new String(canaryBytes, StandardCharsets.UTF_8));
                    }
                    if (hit) {
                        hits.add(r.topic() + "-" + r.partition() + "@" + r.offset());
                    }
                }
            }
        }
        return new TopicBytes(count, hits);
    }

    private byte[] canaryBytes;

    static boolean contains(byte[] hay, byte[] needle) {
        if (hay == null || needle.length == 0 || hay.length < needle.length) {
            return false;
        }
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
