package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.environment.serve.EnvironmentServer;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.TestDomains;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on retail served over the environment protocol ({@code env serve}), against
 * the same seeds on in-process retail: the same verified trajectories (conversations, state
 * hashes, usage) and the same dead letters; and so again when the environment's process is
 * killed and restarted in the middle of the run, which costs time and nothing else.
 */
class ServedEnvironmentTest {

    private static final int TASKS = 8;
    private static final long RANDOM_SEED = 42;
    /** Model calls take a little time, so that the run is still going when its environment is killed. */
    private static final SimLlmOptions SIM = SimLlmOptions.defaults().withLatency(40, 0);

    @TempDir
    static Path work;

    private static Outcome inProcess;

    /** What a run ended with, by task index (ids carry the run's seed id, which differs from run to run). */
    record Outcome(Ledger ledger, Map<String, Trajectory> verified, Map<String, String> deadLetters, long redone) {}

    @BeforeAll
    static void runOnInProcessRetail() throws Exception {
        inProcess = run("in-process", Map.of(), ledger -> { });
        assertThat(inProcess.ledger().inFlight()).isZero();
        assertThat(inProcess.verified()).as("the seeds must give something to compare").hasSizeGreaterThan(3);
    }

    @Test
    @Timeout(600)
    void shouldMakeTheSameTrajectoriesOnServedRetailAsOnInProcessRetail() throws Exception {
        // Given retail served over the protocol
        try (EnvironmentServer server = new EnvironmentServer(LocalDomain.of(TestDomains.registry().find("retail").orElseThrow()),
                "127.0.0.1", 0, Duration.ofMinutes(10))) {
            server.start();

            // When the same seeds run with retail taken from it
            Outcome served = run("served", Map.of("retail", server.baseUrl()), ledger -> { });

            // Then every task ends as it did in process: the same trajectories, field for field, and the same dead letters
            assertThat(served.ledger().inFlight()).isZero();
            assertThat(served.redone()).isZero();
            assertSameOutcome(served);
        }
    }

    @Test
    @Timeout(900)
    void shouldFinishARunWhoseEnvironmentIsKilledAndRestartedWithEveryTaskAsWithoutTheOutage() throws Exception {
        // Given retail served by an env serve process
        int port = Harness.freePort();
        Path log = work.resolve("env-serve.log");
        AtomicReference<Process> env = new AtomicReference<>(serve(port, log));
        long[] inFlightAtKill = {-1};
        try {
            // When the process is killed once tasks are under way, and started again two seconds later
            Outcome served = run("killed", Map.of("retail", "http://127.0.0.1:" + port), ledger -> {
                if (inFlightAtKill[0] < 0 && ledger.requested() > 0 && ledger.verified() + ledger.deadLettered() >= 1) {
                    inFlightAtKill[0] = ledger.inFlight();
                    env.get().destroyForcibly();
                    sleep(2000);
                    env.set(serve(port, work.resolve("env-serve-again.log")));
                }
            });

            // Then the outage hit a run with tasks in flight, whose units were redone
            assertThat(inFlightAtKill[0]).as("tasks in flight when the environment died").isPositive();
            assertThat(served.redone()).as("units redone while the environment was down").isPositive();
            // And the ledger balances, with every task ending as it did without the outage: no dead letter came of it
            Ledger ledger = served.ledger();
            assertThat(ledger.requested()).isEqualTo(TASKS);
            assertThat(ledger.verified() + ledger.deadLettered()).isEqualTo(TASKS);
            assertThat(ledger.inFlight()).isZero();
            assertThat(served.deadLetters().values()).noneMatch(reason -> reason.startsWith("environment_protocol"));
            assertSameOutcome(served);
        } finally {
            Harness.stop(env.get());
        }
    }

    private static void assertSameOutcome(Outcome served) {
        assertThat(served.verified().keySet()).isEqualTo(inProcess.verified().keySet());
        served.verified().forEach((index, trajectory) ->
                assertThat(trajectory).as("task " + index).isEqualTo(inProcess.verified().get(index)));
        assertThat(served.deadLetters()).isEqualTo(inProcess.deadLetters());
    }

    /** {@code env serve --domain retail} as its own process, once it serves. */
    private static Process serve(int port, Path log) {
        Process p = Harness.cli(log, Map.of(), "env", "serve", "--domain", "retail", "--port", Integer.toString(port));
        try {
            Harness.awaitLog(p, log, "served at", Duration.ofSeconds(120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** One run of TASKS retail tasks as {@code apigen run} makes it, with these remote environments. */
    private static Outcome run(String name, Map<String, String> environments, Consumer<Ledger> onTick) throws Exception {
        ConfigLoader layers = ConfigLoader.defaults().commandDefaults("run");
        environments.forEach((domain, url) -> layers.set("environments." + domain, url));
        StringWriter out = new StringWriter();
        try (PipelineSession session = new PipelineSession(layers, SIM, work.resolve(name), TestDomains.registry(),
                new PrintWriter(out), true, Map.of(), List.of())) {
            Set<String> seeds = session.publish(List.of("retail"), TASKS, RANDOM_SEED);
            Ledger ledger = session.await(seeds, Duration.ofMinutes(8), onTick);
            Harness.Terminals terminals = Harness.terminals(session.cluster().clientProps(), session.config().topics(),
                    session.cluster().registry());
            Map<String, Trajectory> verified = new TreeMap<>();
            terminals.verified().forEach(t -> verified.put(index(t.getTaskId()), withoutRunIds(t)));
            Map<String, String> dead = new TreeMap<>();
            for (DeadLetter d : terminals.deadLetters()) {
                dead.put(index(d.getId()), d.getReason() + ": " + d.getError());
            }
            long redone = session.launcher().worker().stages().stream().mapToLong(Stage::redoneForOutages).sum();
            return new Outcome(ledger, verified, dead, redone);
        }
    }

    private static String index(String taskId) {
        return taskId.substring(taskId.lastIndexOf('-') + 1);
    }

    /**
     * Without the ids of the run, without the data fingerprint (an in-process domain stamps its
     * data's, a remote environment owns its state and stamps none) and without cached prompt
     * tokens (the simulated model's prefix cache is shared by the runs and warmer in the later one).
     */
    private static Trajectory withoutRunIds(Trajectory t) {
        Blueprint b = Blueprint.newBuilder(t.getBlueprint()).setTaskId("t").setSeedId("s").setDataFingerprint(null)
                .setUsage(uncached(t.getBlueprint().getUsage())).build();
        return Trajectory.newBuilder(t).setTaskId("t").setBlueprint(b).setUsage(uncached(t.getUsage())).build();
    }

    private static Usage uncached(Usage u) {
        List<UsageEntry> entries = u.getBreakdown().stream()
                .map(e -> UsageEntry.newBuilder(e).setCachedPromptTokens(0L).build()).toList();
        return Usage.newBuilder(u).setCachedPromptTokens(0L).setBreakdown(entries).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
