package io.apigenmt.topology.cli;

import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.sim.SimLlmServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.Supplier;

/**
 * What {@code bench} samples at every ledger refresh: requests in flight at the model server
 * within the steady state, the workers' adaptive limits and the calls waiting behind them, and
 * this JVM's heap.
 *
 * <p>The steady state runs from when the server has received {@code concurrency} requests (the
 * ramp is over) until fewer tasks than {@code concurrency} remain unfinished; with N worker
 * processes, {@code concurrency} is the total, N x C.
 */
final class BenchSampler {

    /** Summed over the workers' endpoints: the adaptive limits and the calls queued behind them. */
    record Limits(int limit, int waiting) {}

    private final SimLlmServer sim;
    private final int concurrency;
    private final Supplier<Limits> limits;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private double limitSum;
    private double waitingSum;
    private long steadySamples;
    private double steadySum;
    private long allSamples;
    private double allSum;
    private long peakHeap;

    /** @param concurrency the total concurrency of every worker together */
    BenchSampler(SimLlmServer sim, int concurrency, Supplier<Limits> limits) {
        this.sim = sim;
        this.concurrency = concurrency;
        this.limits = limits;
    }

    void sample(Ledger ledger) {
        var stats = sim.stats();
        allSamples++;
        allSum += stats.inFlight();
        boolean rampDone = stats.total() >= concurrency;
        boolean enoughWork = ledger.inFlight() >= concurrency;
        if (rampDone && enoughWork) {
            steadySamples++;
            steadySum += stats.inFlight();
            // Why slots stay empty: the limit shrank, or calls wait behind it.
            Limits now = limits.get();
            limitSum += now.limit();
            waitingSum += now.waiting();
        }
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
    }

    boolean steady() {
        return steadySamples > 0;
    }

    /** Over the steady state, or over the whole run when it never reached one (too few tasks). */
    double meanInFlight() {
        return steadySamples > 0 ? steadySum / steadySamples : allSamples == 0 ? 0 : allSum / allSamples;
    }

    double meanLimit() {
        return steadySamples == 0 ? 0 : limitSum / steadySamples;
    }

    double meanWaiting() {
        return steadySamples == 0 ? 0 : waitingSum / steadySamples;
    }

    /** This JVM's highest heap-in-use sample. */
    long peakHeapMb() {
        return peakHeap / (1024 * 1024);
    }
}
