package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlmOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak (tag "soak", not in the default run; {@code mvn -o -pl topology test -Psoak}):
 * 1,000 tasks at a 5% model fault rate through one worker process finish with the invariant,
 * and the worker's live heap stays bounded.
 *
 * <p>Memory: every 15 s the test forces a full GC in the worker ({@code jcmd GC.run}) and reads
 * the heap used after it ({@code GC.heap_info}). What a worker must keep is bounded by its
 * in-flight work (concurrency 64 tasks, each a few KB of prompt and answer) plus Streams' caches
 * and the clients' buffers — tens of MB, independent of how many tasks went through. So the
 * live heap must stay under {@link #LIVE_HEAP_BOUND_MB} (well under the worker's -Xmx384m), and
 * the last quarter of samples must not exceed the first quarter's peak by more than
 * {@link #GROWTH_ALLOWANCE_MB}: a per-task leak of even 50 KB would add ~50 MB over the run.
 */
@Tag("soak")
class SoakTest {

    private static final Logger log = LoggerFactory.getLogger(SoakTest.class);
    static final long LIVE_HEAP_BOUND_MB = 200;
    static final long GROWTH_ALLOWANCE_MB = 40;
    private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    private Rig rig;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        rig = Rig.start("soak-", SimLlmOptions.defaults().withFaultRate(0.05).withLatency(20, 10));
    }

    @AfterEach
    void stop() {
        Harness.stop(worker);
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void shouldFinishAThousandTasksAtFivePercentFaultsWithBoundedMemory() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        Map<String, Integer> seeds = new LinkedHashMap<>();
        seeds.put("soak-retail-1", 250);
        seeds.put("soak-airline-1", 250);
        seeds.put("soak-retail-2", 250);
        seeds.put("soak-airline-2", 250);
        Path logFile = rig.work().resolve("worker.log");
        worker = Harness.worker(logFile, rig.platform().bootstrapServers(), rig.platform().registryUrl(), rig.sim().baseUrl(), "soak-worker",
                Files.createDirectories(rig.work().resolve("state")), Map.of());
        Harness.awaitLog(worker, logFile, "worker running", Duration.ofSeconds(60));
        for (Map.Entry<String, Integer> seed : seeds.entrySet()) {
            Harness.publishSeed(props, topics, registry, seed.getKey(), seed.getKey().contains("retail") ? "retail" : "airline",
                    seed.getValue());
        }

        long started = System.nanoTime();
        List<Long> heapMb = new ArrayList<>();
        long[] lastSample = {0};
        await().atMost(Duration.ofMinutes(35)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            if (System.nanoTime() - lastSample[0] > TimeUnit.SECONDS.toNanos(15)) {
                lastSample[0] = System.nanoTime();
                long mb = liveHeapMb(worker);
                heapMb.add(mb);
                Harness.Terminals t = Harness.terminals(props, topics, registry);
                log.info("soak: {} s, {} verified, {} dead letters, worker live heap {} MB",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), t.verified().size(),
                        t.deadLetters().size(), mb);
            }
            return Harness.allTerminal(props, topics, registry, seeds);
        });
        heapMb.add(liveHeapMb(worker));
        log.info("soak finished in {} s; live heap samples (MB): {}; faults: {}",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), heapMb, rig.sim().stats().faults());

        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, rig.platform().bootstrapServers(),
                rig.platform().registryUrl());
        Harness.assertWholeReportBalances(rig.platform().bootstrapServers(), rig.platform().registryUrl());
        assertThat(end.verified()).as("most work verified").hasSizeGreaterThan(500);
        assertThat(rig.sim().stats().faults().values().stream().mapToLong(Long::longValue).sum()).as("faults injected").isPositive();
        assertThat(Harness.read(logFile)).as("no stream thread died").doesNotContain("stream thread failed");
        assertThat(heapMb).as("live heap after GC (MB)").allSatisfy(mb -> assertThat(mb).isLessThan(LIVE_HEAP_BOUND_MB));
        int quarter = Math.max(1, heapMb.size() / 4);
        long earlyPeak = heapMb.subList(0, quarter).stream().mapToLong(Long::longValue).max().orElseThrow();
        long latePeak = heapMb.subList(heapMb.size() - quarter, heapMb.size()).stream().mapToLong(Long::longValue).max()
                .orElseThrow();
        assertThat(latePeak).as("no growth with tasks done: samples " + heapMb).isLessThanOrEqualTo(earlyPeak + GROWTH_ALLOWANCE_MB);
    }

    /** Heap used right after a full GC in {@code p} (serial collector: young + tenured), in MB. */
    static long liveHeapMb(Process p) throws Exception {
        jcmd(p, "GC.run");
        String info = jcmd(p, "GC.heap_info");
        Matcher m = USED.matcher(info);
        long kb = 0;
        boolean found = false;
        while (m.find()) {
            kb += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new AssertionError("cannot read the heap of the worker:\n" + info);
        }
        return kb / 1024;
    }

    private static String jcmd(Process p, String command) throws Exception {
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(p.pid()), command).redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!j.waitFor(30, TimeUnit.SECONDS)) {
            j.destroyForcibly();
        }
        return out;
    }
}
