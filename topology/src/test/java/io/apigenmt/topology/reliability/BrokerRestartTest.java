package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker process ({@code apigen broker --data-dir D}) stopped with SIGTERM mid-run and
 * restarted on the same data dir and ports: the worker process, left running, reconnects on its
 * own and every task of every seed still ends in exactly one terminal record, no trajectory is
 * doubled (read_committed), and the report balances with nothing in flight.
 *
 * <p>Quarantined (runs with {@code -Pquarantine}): in two of four full-suite runs on 2026-12-02/03
 * one task (the same one, {@code restart-airline-0}, with identical usage: 370 model calls) was
 * still in flight 100 s after the restart, with the worker idle (no model call, no error), its
 * rejected blueprint taken in by regenerate and never revised; alone, in its package and under
 * CPU load it passed every time (7 runs). Unresolved: a unit lost across the broker's stop, or a
 * partition whose last stable offset stays behind a transaction the restart left hanging.
 */
@Tag("quarantine")
class BrokerRestartTest {

    private static final Logger log = LoggerFactory.getLogger(BrokerRestartTest.class);

    private SimLlmServer sim;
    private Path work;
    private Process broker;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        work = Harness.workDir("broker-restart-");
        // Latency keeps work in flight at the moment the broker goes away.
        sim = SimLlm.server(SimLlmOptions.defaults().withLatency(100, 30), DomainRegistry.load());
        sim.start();
    }

    @AfterEach
    void stop() {
        Harness.stop(worker);
        Harness.stop(broker);
        if (sim != null) {
            sim.close();
        }
        Harness.delete(work);
    }

    private Process startBroker(Path logFile, Path dataDir, int port, int registryPort) throws InterruptedException {
        Process p = Harness.cli(logFile, Map.of(), "broker", "--data-dir", dataDir.toString(), "--port",
                String.valueOf(port), "--registry-port", String.valueOf(registryPort), "--partitions", "4");
        Harness.awaitLog(p, logFile, "schema.registry.url=", Duration.ofSeconds(60));
        return p;
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void shouldEndEveryTaskExactlyOnceAcrossABrokerRestart() throws Exception {
        Path data = Files.createDirectories(work.resolve("broker-data"));
        int port = Harness.freePort();
        int registryPort = Harness.freePort();
        String bootstrap = "127.0.0.1:" + port;
        String registryUrl = "http://127.0.0.1:" + registryPort;
        broker = startBroker(work.resolve("broker-1.log"), data, port, registryPort);
        assertThat(Harness.read(work.resolve("broker-1.log"))).contains("bootstrap.servers=" + bootstrap)
                .contains("schema.registry.url=" + registryUrl);

        Topics topics = new Topics();
        SchemaRegistryClient registry = SchemaRegistryClient.of(registryUrl);
        Map<String, Object> props = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, Integer> seeds = new LinkedHashMap<>();
        seeds.put("restart-retail", 10);
        seeds.put("restart-airline", 10);

        // Given a worker working through 2 x 10 tasks
        Path workerLog = work.resolve("worker.log");
        worker = Harness.worker(workerLog, bootstrap, registryUrl, sim.baseUrl(), "restart-worker",
                Files.createDirectories(work.resolve("state")), Map.of());
        Harness.awaitLog(worker, workerLog, "worker running", Duration.ofSeconds(60));
        Harness.publishSeed(props, topics, registry, "restart-retail", "retail", 10);
        Harness.publishSeed(props, topics, registry, "restart-airline", "airline", 10);

        // When the broker is stopped with SIGTERM once some trajectories exist
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Harness.terminals(props, topics, registry).verified().size() >= 1);
        long terminalAtStop = Harness.terminalCounts(Harness.terminals(props, topics, registry), seeds).values().stream()
                .filter(c -> c > 0).count();
        broker.destroy();
        assertThat(broker.waitFor(40, TimeUnit.SECONDS)).as("broker stopped on SIGTERM").isTrue();
        log.info("stopped the broker with {} of 20 tasks terminal", terminalAtStop);
        Thread.sleep(3_000); // the worker notices: its calls and commits fail meanwhile

        // And restarted on the same data dir and ports
        long restartedAt = System.nanoTime();
        broker = startBroker(work.resolve("broker-2.log"), data, port, registryPort);
        try {
            await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Harness.allTerminal(props, topics, registry, seeds));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not every task ended after the broker restart: "
                    + Harness.terminalCounts(Harness.terminals(props, topics, registry), seeds) + "\nreport: "
                    + Harness.report(bootstrap, registryUrl) + "\nthreads: " + threadDump(worker, work.resolve("worker-threads.log")), e);
        }
        log.info("after the restart the worker finished the rest in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
        Thread.sleep(2_000); // anything doubled would be committed by now

        // Then the same worker process carried on and the invariant holds
        assertThat(terminalAtStop).as("tasks terminal at the stop").isLessThan(20);
        assertThat(worker.isAlive()).as("the worker survived the broker restart:\n" + Harness.tail(workerLog)).isTrue();
        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, bootstrap, registryUrl);
        Harness.assertWholeReportBalances(bootstrap, registryUrl);
        assertThat(end.verified()).as("some work verified").isNotEmpty();
        assertThat(Harness.read(workerLog)).as("no stream thread died").doesNotContain("stream thread failed");
    }

    /** {@code jcmd <pid> Thread.print} of a stuck process into {@code out} (kept with the logs). */
    private static Path threadDump(Process p, Path out) {
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(out.toFile())
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
        return out;
    }
}
