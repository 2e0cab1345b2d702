package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apigen broker} as users run it: a separate JVM, stopped with SIGTERM. */
class BrokerCommandTest {

    @TempDir
    Path tmp;

    @Test
    void shouldServeABrokerAndRegistryToPlainClientsUntilSigterm() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m",
                Main.class.getName(), "broker", "--port", "0", "--registry-port", "0", "--partitions", "2",
                "--data-dir", dataDir.toString())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
            String bootstrap = valueOf(out.readLine(), "bootstrap.servers=");
            String registry = valueOf(out.readLine(), "schema.registry.url=");

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.listTopics().names().get()).contains("apigen.seeds", "apigen.dead-letters");
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("external", "k", "hello")).get();
            }
            assertThat(consumeOne(bootstrap, "external")).isEqualTo("hello");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create(registry + "/subjects/external-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
            assertThat(reg.body()).matches("\\{\"id\":\\d+\\}");
            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(registry + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("\"external-value\"");
        } finally {
            proc.destroy(); // SIGTERM
            boolean exited = proc.waitFor(40, TimeUnit.SECONDS);
            if (!exited) {
                proc.destroyForcibly();
            }
            assertThat(exited).as("stopped on SIGTERM; stderr: %s", stderr()).isTrue();
        }
        assertThat(dataDir.resolve("kraft-logs").resolve("meta.properties")).as("--data-dir is kept").exists();
    }

    @Test
    void shouldExitTwoOnUsageErrors() {
        assertThat(Main.execute("broker", "--partitions", "0")).isEqualTo(2);
        assertThat(Main.execute("broker", "--port", "notaport")).isEqualTo(2);
        assertThat(Main.execute("broker", "--port", "70000")).isEqualTo(2);
    }

    private String stderr() {
        try {
            return Files.readString(tmp.resolve("stderr.txt"));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private String valueOf(String line, String prefix) {
        assertThat(line).as("stdout line; stderr: %s", stderr()).isNotNull().startsWith(prefix);
        return line.substring(prefix.length());
    }

    private static String consumeOne(String bootstrap, String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            // Assigned, not subscribed: no group to form, so the check stays fast on a loaded machine.
            List<org.apache.kafka.common.TopicPartition> tps = List.of(new org.apache.kafka.common.TopicPartition(topic, 0));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        return got.isEmpty() ? null : got.get(0);
    }
}
