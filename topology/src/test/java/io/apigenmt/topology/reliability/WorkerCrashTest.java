package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process killed with SIGKILL mid-run and restarted on the same state dir and worker
 * id: every task of every seed still ends in exactly one terminal record, no trajectory is
 * doubled (read_committed), and the report balances with nothing in flight.
 */
class WorkerCrashTest {

    private static final Logger log = LoggerFactory.getLogger(WorkerCrashTest.class);

    private EmbeddedPlatform platform;
    private SimLlmServer sim;
    private Path work;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        work = Harness.workDir("crash-");
        platform = EmbeddedPlatform.ephemeral();
        TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(new Topics(), 4, (short) 1);
        // Latency keeps work in flight at the moment of the kill.
        sim = SimLlm.server(SimLlmOptions.defaults().withLatency(150, 50), DomainRegistry.load());
        sim.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroyForcibly();
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
    void shouldEndEveryTaskExactlyOnceAcrossAWorkerSigkill() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = platform.registryClient();
        Map<String, Object> props = platform.clientProperties();
        Path state = Files.createDirectories(work.resolve("state"));
        Map<String, Integer> seeds = new LinkedHashMap<>();
        seeds.put("crash-retail", 15);
        seeds.put("crash-airline", 15);

        // Given a worker working through 2 x 15 tasks
        worker = Harness.worker(work.resolve("worker-1.log"), platform.bootstrapServers(), platform.registryUrl(),
                sim.baseUrl(), "crash-worker", state, Map.of());
        Harness.awaitLog(worker, work.resolve("worker-1.log"), "worker running", Duration.ofSeconds(60));
        Harness.publishSeed(props, topics, registry, "crash-retail", "retail", 15);
        Harness.publishSeed(props, topics, registry, "crash-airline", "airline", 15);

        // When it is killed with SIGKILL once some trajectories exist
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Harness.terminals(props, topics, registry).verified().size() >= 1);
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Harness.Terminals atKill = Harness.terminals(props, topics, registry);
        long terminalAtKill = Harness.terminalCounts(atKill, seeds).values().stream().filter(c -> c > 0).count();
        long simCallsAtKill = sim.stats().total();
        log.info("killed the worker with {} of 30 tasks terminal, {} model calls so far", terminalAtKill, simCallsAtKill);

        // And restarted with the same id and state dir
        long restartedAt = System.nanoTime();
        worker = Harness.worker(work.resolve("worker-2.log"), platform.bootstrapServers(), platform.registryUrl(),
                sim.baseUrl(), "crash-worker", state, Map.of());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Harness.allTerminal(props, topics, registry, seeds));
        log.info("restarted worker finished the rest in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
        Thread.sleep(2_000); // anything doubled by the resubmission would be committed by now

        // Then the invariant holds
        assertThat(terminalAtKill).as("tasks terminal at the kill").isLessThan(30);
        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, platform.bootstrapServers(),
                platform.registryUrl());
        Harness.assertWholeReportBalances(platform.bootstrapServers(), platform.registryUrl());
        assertThat(end.verified()).as("some work verified").isNotEmpty();
        assertThat(sim.stats().total()).as("the restarted worker called the model").isGreaterThan(simCallsAtKill);
    }
}
