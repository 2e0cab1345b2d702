package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlmOptions;
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

    private Rig rig;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        // Latency keeps work in flight at the moment of the kill.
        rig = Rig.start("crash-", SimLlmOptions.defaults().withLatency(150, 50));
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldEndEveryTaskExactlyOnceAcrossAWorkerSigkill() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        Path state = Files.createDirectories(rig.work().resolve("state"));
        Map<String, Integer> seeds = new LinkedHashMap<>();
        seeds.put("crash-retail", 15);
        seeds.put("crash-airline", 15);

        // Given a worker working through 2 x 15 tasks
        worker = Harness.worker(rig.work().resolve("worker-1.log"), rig.platform().bootstrapServers(), rig.platform().registryUrl(),
                rig.sim().baseUrl(), "crash-worker", state, Map.of());
        Harness.awaitLog(worker, rig.work().resolve("worker-1.log"), "worker running", Duration.ofSeconds(60));
        Harness.publishSeed(props, topics, registry, "crash-retail", "retail", 15);
        Harness.publishSeed(props, topics, registry, "crash-airline", "airline", 15);

        // When it is killed with SIGKILL once some trajectories exist
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Harness.terminals(props, topics, registry).verified().size() >= 1);
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Harness.Terminals atKill = Harness.terminals(props, topics, registry);
        long terminalAtKill = Harness.terminalCounts(atKill, seeds).values().stream().filter(c -> c > 0).count();
        long simCallsAtKill = rig.sim().stats().total();
        log.info("killed the worker with {} of 30 tasks terminal, {} model calls so far", terminalAtKill, simCallsAtKill);

        // And restarted with the same id and state dir
        long restartedAt = System.nanoTime();
        worker = Harness.worker(rig.work().resolve("worker-2.log"), rig.platform().bootstrapServers(), rig.platform().registryUrl(),
                rig.sim().baseUrl(), "crash-worker", state, Map.of());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Harness.allTerminal(props, topics, registry, seeds));
        log.info("restarted worker finished the rest in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
        Thread.sleep(2_000); // anything doubled by the resubmission would be committed by now

        // Then the invariant holds
        assertThat(terminalAtKill).as("tasks terminal at the kill").isLessThan(30);
        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, rig.platform().bootstrapServers(),
                rig.platform().registryUrl());
        Harness.assertWholeReportBalances(rig.platform().bootstrapServers(), rig.platform().registryUrl());
        assertThat(end.verified()).as("some work verified").isNotEmpty();
        assertThat(rig.sim().stats().total()).as("the restarted worker called the model").isGreaterThan(simCallsAtKill);
    }
}
