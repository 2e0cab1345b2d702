package io.apigenmt.topology.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.BrokerSettings;
import io.apigenmt.topology.platform.EmbeddedBroker;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.RegistrySettings;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka security settings pass through: the embedded broker with a SASL_PLAINTEXT (PLAIN)
 * listener; a worker configured only through {@code APIGEN_CLUSTER__KAFKA__*} with the right
 * credentials runs the pipeline, and the CLI and a worker with wrong credentials exit 1 with a
 * one-line message naming authentication, fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret-pw";

    private EmbeddedPlatform platform;
    private SimLlmServer sim;
    private Path work;
    private String saslBootstrap;

    @BeforeAll
    void start() throws Exception {
        work = Harness.workDir("sasl-");
        int saslPort = Harness.freePort();
        Map<String, String> extra = Map.of(
                EmbeddedBroker.EXTRA_LISTENERS, "SASL_PLAINTEXT://127.0.0.1:" + saslPort,
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "user_" + USER + "=\"" + PASSWORD + "\";");
        platform = EmbeddedPlatform.start(BrokerSettings.ephemeral().withExtraProperties(extra), RegistrySettings.onPort(0));
        saslBootstrap = "127.0.0.1:" + saslPort;
        TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(new Topics(), 4, (short) 1);
        sim = SimLlm.server(SimLlmOptions.defaults(), DomainRegistry.load());
        sim.start();
    }

    @AfterAll
    void stop() {
        if (sim != null) {
            sim.close();
        }
        if (platform != null) {
            platform.close();
        }
        Harness.delete(work);
    }

    private static Map<String, String> saslEnv(String password) {
        return Map.of(
                "APIGEN_CLUSTER__KAFKA__security.protocol", "SASL_PLAINTEXT",
                "APIGEN_CLUSTER__KAFKA__sasl.mechanism", "PLAIN",
                "APIGEN_CLUSTER__KAFKA__sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + USER + "\" password=\"" + password + "\";");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRunAWorkerWithTheRightCredentials() throws Exception {
        Map<String, String> env = saslEnv(PASSWORD);
        Process worker = Harness.worker(work.resolve("worker-ok.log"), saslBootstrap, platform.registryUrl(), sim.baseUrl(),
                "sasl-worker", Files.createDirectories(work.resolve("state-ok")), env);
        try {
            Harness.awaitLog(worker, work.resolve("worker-ok.log"), "worker running", Duration.ofSeconds(60));
            Process seed = Harness.cli(work.resolve("seed-ok.log"), env, "seed", "--bootstrap-servers", saslBootstrap,
                    "--schema-registry-url", platform.registryUrl(), "--domain", "retail", "--tasks", "2", "--seed-id", "sasl-seed");
            assertThat(seed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(seed.exitValue()).as(Harness.tail(work.resolve("seed-ok.log"))).isZero();
            Map<String, Object> props = new HashMap<>(platform.clientProperties());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Harness.allTerminal(props, new Topics(), platform.registryClient(), Map.of("sasl-seed", 2)));
            Harness.assertInvariant(props, new Topics(), platform.registryClient(), Map.of("sasl-seed", 2),
                    platform.bootstrapServers(), platform.registryUrl());
            assertThat(Harness.read(work.resolve("worker-ok.log"))).doesNotContain(PASSWORD);
        } finally {
            Harness.stop(worker);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFailFastWithAClearMessageOnWrongCredentials() throws Exception {
        Map<String, String> env = saslEnv("wrong-password-123");
        String reg = platform.registryUrl();
        for (List<String> args : List.of(
                List.of("report", "--bootstrap-servers", saslBootstrap, "--schema-registry-url", reg),
                List.of("seed", "--bootstrap-servers", saslBootstrap, "--schema-registry-url", reg, "--domain", "retail",
                        "--tasks", "1"),
                List.of("worker", "--bootstrap-servers", saslBootstrap, "--schema-registry-url", reg,
                        "--llm-base-url", sim.baseUrl(), "--threads", "1"))) {
            Path log = work.resolve(args.get(0) + "-bad.log");
            long started = System.nanoTime();
            Process p = Harness.cli(log, env, args.toArray(String[]::new));
            boolean exited = p.waitFor(45, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String output = Harness.read(log);
            assertThat(exited).as(args.get(0) + " exits within 45 s:\n" + output).isTrue();
            assertThat(p.exitValue()).as(args.get(0) + " exit code:\n" + output).isEqualTo(1);
            String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(lastLine).as(args.get(0) + " output:\n" + output)
                    .startsWith("apigen " + args.get(0) + ": error:")
                    .containsIgnoringCase("authentication");
            assertThat(output).as("no stack trace on the console").doesNotContain("\tat ");
            assertThat(output).doesNotContain("wrong-password-123");
            assertThat(seconds).as(args.get(0) + " seconds to fail").isLessThan(45);
        }
    }
}
