package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code bench --workers N} through the CLI entry point: the broker, registry and simulated model
 * in this JVM, the workers as separate {@code apigen worker} JVMs.
 */
class BenchCommandTest {

    private static final int CONCURRENCY = 8;

    private Path workDir;

    @AfterEach
    void cleanUp() {
        Harness.delete(workDir); // keeps the worker logs under target/reliability-logs
    }

    @Test
    void badWorkerFlagsAreUsageErrorsOnOneLine() {
        for (String[] args : new String[][] {
            {"bench", "--workers", "0"},
            {"bench", "--workers", "-3"},
            {"bench", "--workers", "65"},
            {"bench", "--workers", "two"},
            {"bench", "--worker-heap", "lots"},
            {"bench", "--worker-heap", "0m"},
            {"bench", "--threads", "0"},
            {"bench", "--tasks", "0"},
            {"bench", "--concurrency", "0"},
            {"bench", "--latency-ms", "-1"},
            {"bench", "--fault-rate", "2"},
            {"bench", "--worker-java-opts", "-Xmx2g"},
            {"bench", "--worker-java-opts", "UseSerialGC"},
            {"bench", "--llm-base-url", "https://api.example.com/v1"},
        }) {
            CommandLine cli = Main.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            // One message per bad flag: it names that flag and no other.
            assertThat(err.toString().strip()).as(String.join(" ", args)).doesNotContain("\n").contains(args[1])
                    .doesNotContain(Stream.of("--tasks", "--concurrency", "--latency-ms", "--fault-rate").filter(f -> !f.equals(args[1]))
                            .toArray(String[]::new));
        }
    }

    /**
     * {@code --llm-base-url}: an outside model server (here a simulated one started by the test) is
     * measured the same way, through the relay; every call the relay counted reached it.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldMeasureAnOutsideModelServerThroughTheRelay() throws Exception {
        workDir = Harness.workDir("bench-");
        try (SimLlmServer outside = SimLlm.server(SimLlmOptions.defaults().withLatency(20, 0), DomainRegistry.load())) {
            outside.start();
            CommandLine cli = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));

            int exit = cli.execute("bench", "--llm-base-url", outside.baseUrl(), "--domains", "retail", "--tasks", "3",
                    "--concurrency", "4", "--partitions", "2", "--threads", "1", "--timeout", "150", "--work-dir", workDir.toString());

            assertThat(exit).as("exit code; stderr:\n" + err).isEqualTo(ExitCodes.OK);
            JsonNode r = new ObjectMapper().readTree(out.toString());
            assertThat(r.path("tasks").asLong()).isEqualTo(3);
            assertThat(r.path("model_server").asText()).isEqualTo(outside.baseUrl());
            assertThat(r.path("latency_ms").isNull()).isTrue();
            assertThat(r.has("sim_mean_in_flight")).as("no simulated model of its own").isFalse();
            long calls = r.path("llm_calls").asLong();
            assertThat(calls).isPositive();
            // the pipeline's calls, and preflight's one test call per model (7 simulated role models)
            assertThat(outside.stats().byRole().values().stream().mapToLong(Long::longValue).sum())
                    .as("chat completions the outside server answered").isEqualTo(calls + 7);
            assertThat(r.path("max_in_flight").asInt()).isBetween(1, 4);
        }
    }

    /** bench's own default concurrency (64) sits below the file: a file's worker.concurrency wins. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldTakeItsConcurrencyFromTheConfigFileOverItsOwnDefault() throws Exception {
        workDir = Harness.workDir("bench-");
        Path config = Files.writeString(workDir.resolve("apigen.yaml"), "worker:\n  concurrency: 5\n");
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "--domains", "retail", "--tasks", "2", "--partitions", "2", "--threads", "1",
                "--config", config.toString(), "--timeout", "120", "--work-dir", workDir.toString());

        assertThat(exit).as("exit code; stderr:\n" + err).isEqualTo(ExitCodes.OK);
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.path("concurrency").asInt()).isEqualTo(5);
        assertThat(r.path("max_in_flight").asInt()).isBetween(1, 5);
        assertThat(r.path("tasks").asLong()).isEqualTo(2);
    }

    private static int indexOf(JsonNode fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Two worker processes with two partitions per topic and one stream thread per stage: each
     * owns one partition of every stage, so each gets the tasks whose ids hash to its partition.
     * Twelve task ids (and two seed ids) all hashing to one partition would starve the other
     * worker; the chance of that is about 1 in 2,000 runs.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void twoWorkerProcessesShareTheRunAndReportTheirCost() throws Exception {
        workDir = Harness.workDir("bench-");
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "--workers", "2", "--tasks", "6", "--latency-ms", "0",
                "--concurrency", Integer.toString(CONCURRENCY), "--partitions", "2", "--threads", "1",
                "--worker-heap", "384m", "--worker-java-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--timeout", "120", "--work-dir", workDir.toString());

        assertThat(exit).as("exit code; stderr:\n" + err).isEqualTo(ExitCodes.OK);
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.path("workers").asInt()).isEqualTo(2);
        assertThat(r.path("separate_processes").asBoolean()).isTrue();
        assertThat(r.path("concurrency").asInt()).isEqualTo(CONCURRENCY);
        assertThat(r.path("total_concurrency").asInt()).isEqualTo(2 * CONCURRENCY);

        // The ledger balanced: every task of both domains ended, verified or dead-lettered.
        assertThat(r.path("tasks").asLong()).isEqualTo(12);
        assertThat(r.path("verified").asLong()).isPositive()
                .isEqualTo(r.path("tasks").asLong() - r.path("dead_lettered").asLong());
        assertThat(r.path("verified_per_second").asDouble()).isPositive();

        // Each worker holds at most C calls in flight, so the server never sees more than 2 x C.
        assertThat(r.path("max_in_flight").asInt()).isPositive().isLessThanOrEqualTo(2 * CONCURRENCY);
        assertThat(r.path("sim_max_in_flight").asInt()).isPositive().isLessThanOrEqualTo(2 * CONCURRENCY);
        // Counted at the relay in front of the server, and by the server itself.
        assertThat(r.path("mean_in_flight").asDouble()).isPositive().isLessThanOrEqualTo(2 * CONCURRENCY);
        assertThat(r.path("sim_mean_in_flight").asDouble()).isPositive().isLessThanOrEqualTo(2 * CONCURRENCY);
        JsonNode relay = r.path("relay");
        assertThat(relay.path("requests").asLong()).isEqualTo(r.path("llm_calls").asLong() + relay.path("probe_pairs").asLong());
        assertThat(relay.path("cpu_us_per_request").asDouble()).isPositive();
        assertThat(relay.path("mean_request_ms").asDouble()).isGreaterThanOrEqualTo(0);
        // The limits over time, read from the workers' metrics: both workers' ceilings summed.
        JsonNode timeline = r.path("timeline");
        int limitColumn = indexOf(timeline.path("fields"), "limit");
        assertThat(limitColumn).isPositive();
        assertThat(timeline.path("rows").size()).isPositive();
        // (the simulated model shares two cores with both workers here, so its own latency may
        // trim a limit by a step; it must stay near its ceiling, and never back off for overload)
        assertThat(timeline.path("rows").get(timeline.path("rows").size() - 1).get(limitColumn).asInt())
                .isBetween(2 * CONCURRENCY - 2, 2 * CONCURRENCY);
        assertThat(r.path("limit_decreases").path("overload").asLong()).isZero();
        assertThat(r.path("mean_server_latency_ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(r.path("mean_call_latency_ms").asDouble());

        assertThat(r.path("cpu_seconds_per_verified").asDouble()).isPositive();
        assertThat(r.path("worker_cpu_seconds").asDouble()).isPositive();
        assertThat(r.path("bench_jvm_cpu_seconds").asDouble()).isPositive();
        assertThat(r.path("peak_heap_mb").asLong()).isPositive().isLessThanOrEqualTo(384);

        // Both processes did part of the work: their own metrics count model calls and stage inputs.
        JsonNode workers = r.path("per_worker");
        assertThat(workers.size()).isEqualTo(2);
        Set<Long> pids = new HashSet<>();
        long callsByWorkers = 0;
        double cpuByWorkers = 0;
        for (JsonNode w : workers) {
            String id = w.path("id").asText();
            pids.add(w.path("pid").asLong());
            assertThat(w.path("pid").asLong()).as(id).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(w.path("cpu_seconds").asDouble()).as(id + " cpu").isPositive();
            assertThat(w.path("peak_heap_mb").asLong()).as(id + " peak heap").isPositive();
            assertThat(w.path("llm_calls").asLong()).as(id + " model calls: " + w).isPositive();
            long recordsIn = 0;
            for (JsonNode n : w.path("records_in")) {
                recordsIn += n.asLong();
            }
            assertThat(recordsIn).as(id + " records in: " + w).isPositive();
            // Stopped with SIGTERM: the JVM runs the worker's shutdown hook, then exits with 128 + 15.
            assertThat(w.path("exit_code").asInt()).as(id + " exit code").isIn(0, 143);
            callsByWorkers += w.path("llm_calls").asLong();
            cpuByWorkers += w.path("cpu_seconds").asDouble();
        }
        assertThat(pids).as("distinct worker processes").hasSize(2);
        // Every call the workers made reached the server (which also counts re-asks of the same call).
        assertThat(callsByWorkers).isLessThanOrEqualTo(r.path("llm_calls").asLong());
        assertThat(r.path("worker_cpu_seconds").asDouble()).isCloseTo(cpuByWorkers, org.assertj.core.data.Offset.offset(0.01));
    }
}
