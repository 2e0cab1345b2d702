package io.apigenmt.topology.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker processes of {@code bench --workers N}: starts them, waits until every stage of
 * every one runs, samples their metrics while the benchmark runs and stops them cleanly at the
 * end, reporting what each one did and cost.
 *
 * <p>Heap is sampled from each worker's {@code /metrics} ({@code jvm_memory_used_bytes{area="heap"}})
 * at most once per scrape interval, so "peak" is the highest sample, not the exact maximum.
 */
final class WorkerFleet implements AutoCloseable {

    static final String HEAP_USED = "jvm_memory_used_bytes";
    static final String HEAP_AFTER_GC = "apigen_jvm_heap_after_gc_bytes";
    static final String LLM_CALLS = "apigen_llm_calls_total";
    static final String RECORDS_IN = "apigen_stage_records_in_total";
    private static final Set<String> FAMILIES = families();
    private static final long MB = 1024 * 1024;

    /** What one worker did and cost over the measured run. */
    record WorkerFigures(String id, long pid, Double cpuSeconds, long peakHeapMb, long heapAfterGcMb,
                         long llmCalls, Map<String, Long> recordsIn, int exitCode) {}

    /** A worker and what has been sampled from it. */
    private static final class Member {
        final WorkerProcess process;
        long cpuStartNanos;
        long peakHeapBytes;
        PromText last = new PromText(List.of());

        Member(WorkerProcess process) {
            this.process = process;
        }
    }

    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final long scrapeIntervalNanos;
    private long lastScrapeNanos;
    /** Ctrl-C on the bench must not leave worker JVMs behind. */
    private final Thread killOnExit = new Thread(this::stopAll, "bench-workers-stop");

    private WorkerFleet(Duration scrapeInterval) {
        this.scrapeIntervalNanos = scrapeInterval.toNanos();
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code count} workers {@code <idPrefix>-1..count}, each with {@code workerArgs} plus its
     * own {@code --worker-id} and a free metrics port; logs go to {@code logDir/<id>.log}.
     */
    static WorkerFleet start(int count, String idPrefix, List<String> jvmOptions, List<String> workerArgs, Map<String, String> env,
                             Path logDir, Duration scrapeInterval) throws IOException {
        WorkerFleet fleet = new WorkerFleet(scrapeInterval);
        try {
            for (int i = 1; i <= count; i++) {
                String id = idPrefix + "-" + i;
                List<String> args = new ArrayList<>(workerArgs);
                args.addAll(List.of("--worker-id", id, "--metrics-port", "0"));
                fleet.members.add(new Member(WorkerProcess.start(id, jvmOptions, args, env, logDir.resolve(id + ".log"))));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Waits until every worker reports every stage running in three polls in a row (half a second
     * apart), so the consumer groups have settled before the measurement starts.
     */
    void awaitReady(Duration timeout, PrintWriter log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int inARow = 0;
        while (inARow < 3) {
            boolean all = true;
            for (Member m : members) {
                all &= m.process.ready();
            }
            inARow = all ? inARow + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workers not ready after " + timeout.toSeconds() + " s (logs: "
                        + members.get(0).process.log().getParent() + ")");
            }
            Thread.sleep(500);
        }
        log.println(members.size() + " worker processes running every stage");
        log.flush();
    }

    /** The measurement starts: CPU used from here on is the workers' cost. */
    void markStart() {
        for (Member m : members) {
            m.cpuStartNanos = cpuNanos(m.process);
        }
        lastScrapeNanos = 0;
    }

    /** Scrapes every worker when the interval has passed since the last scrape; fails when one has exited. */
    void sample() throws InterruptedException {
        long now = System.nanoTime();
        if (lastScrapeNanos != 0 && now - lastScrapeNanos < scrapeIntervalNanos) {
            for (Member m : members) {
                m.process.requireAlive();
            }
            return;
        }
        lastScrapeNanos = now;
        for (Member m : members) {
            m.process.requireAlive();
            try {
                scrape(m);
            } catch (IOException e) {
                // A slow answer on a busy machine costs one sample, not the run; the final scrape must succeed.
            }
        }
    }

    /** What the workers' metrics said at the last scrape, summed over them. */
    WorkerReading reading() {
        WorkerReading sum = WorkerReading.NONE;
        for (Member m : members) {
            sum = sum.plus(WorkerReading.of(m.last));
        }
        return sum;
    }

    int size() {
        return members.size();
    }

    /**
     * A last scrape and CPU reading of each worker, then stops them all (SIGTERM, in parallel) and
     * waits for their exits.
     */
    List<WorkerFigures> finish(Duration grace) throws IOException, InterruptedException {
        scrapeAll();
        List<Double> cpu = new ArrayList<>();
        for (Member m : members) {
            long now = cpuNanos(m.process);
            cpu.add(now < 0 || m.cpuStartNanos < 0 ? null : (now - m.cpuStartNanos) / 1e9);
        }
        members.forEach(m -> m.process.requestStop());
        List<WorkerFigures> figures = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            int exit = m.process.awaitExit(grace);
            Map<String, Long> recordsIn = new TreeMap<>();
            m.last.sumBy(RECORDS_IN, "stage").forEach((stage, n) -> recordsIn.put(stage, Math.round(n)));
            figures.add(new WorkerFigures(m.process.id(), m.process.pid(), cpu.get(i), m.peakHeapBytes / MB,
                    Math.round(m.last.sum(HEAP_AFTER_GC)) / MB, Math.round(m.last.sum(LLM_CALLS)), recordsIn, exit));
        }
        return figures;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs or has run
        }
    }

    private void stopAll() {
        members.forEach(m -> m.process.close());
    }

    private void scrapeAll() throws IOException, InterruptedException {
        for (Member m : members) {
            m.process.requireAlive();
            scrape(m);
        }
    }

    private static void scrape(Member m) throws IOException, InterruptedException {
        m.last = m.process.scrape(FAMILIES);
        long heap = Math.round(m.last.sum(HEAP_USED, l -> "heap".equals(l.get("area"))));
        m.peakHeapBytes = Math.max(m.peakHeapBytes, heap);
    }

    private static Set<String> families() {
        Set<String> families = new HashSet<>(Set.of(HEAP_USED, HEAP_AFTER_GC, LLM_CALLS, RECORDS_IN));
        families.addAll(WorkerReading.FAMILIES);
        return Set.copyOf(families);
    }

    /** -1 when the OS does not tell. */
    private static long cpuNanos(WorkerProcess p) {
        return p.cpu().map(Duration::toNanos).orElse(-1L);
    }
}
