package io.apigenmt.topology.sim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request accounting of one server: in flight now, maximum, time-weighted mean in flight, totals
 * per role, status and fault. Synchronized: a few thousand updates a second cost nothing.
 */
public final class SimStats {

    /**
     * What GET /v1/sim/stats returns. {@code inFlightSeconds}: requests in flight integrated over
     * time since the reset (request-seconds), so that a mean over any interval is the difference
     * of two readings over the time between them.
     */
    public record Snapshot(
            int inFlight,
            int maxInFlight,
            double meanInFlight,
            long total,
            long completed,
            long uptimeMs,
            Map<String, Long> byRole,
            Map<String, Long> byStatus,
            Map<String, Long> faults,
            double inFlightSeconds) {}

    private final Object lock = new Object();
    private long startNanos;
    private long lastChangeNanos;
    private double area; // integral of in-flight over time, in request-nanoseconds
    private int inFlight;
    private int maxInFlight;
    private long total;
    private long completed;
    private final Map<String, Long> byRole = new TreeMap<>();
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> faults = new TreeMap<>();

    SimStats() {
        reset();
    }

    void reset() {
        synchronized (lock) {
            startNanos = System.nanoTime();
            lastChangeNanos = startNanos;
            area = 0;
            maxInFlight = inFlight;
            total = 0;
            completed = 0;
            byRole.clear();
            byStatus.clear();
            faults.clear();
        }
    }

    void started() {
        synchronized (lock) {
            advance();
            inFlight++;
            total++;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
    }

    void finished(int status) {
        synchronized (lock) {
            advance();
            inFlight--;
            completed++;
            byStatus.merge(Integer.toString(status), 1L, Long::sum);
        }
    }

    void role(String role) {
        synchronized (lock) {
            byRole.merge(role, 1L, Long::sum);
        }
    }

    void fault(String kind) {
        synchronized (lock) {
            faults.merge(kind, 1L, Long::sum);
        }
    }

    Snapshot snapshot() {
        synchronized (lock) {
            advance();
            long elapsed = lastChangeNanos - startNanos;
            return new Snapshot(inFlight, maxInFlight, elapsed <= 0 ? 0.0 : area / elapsed, total, completed,
                    elapsed / 1_000_000L, sorted(byRole), sorted(byStatus), sorted(faults), area / 1e9);
        }
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    private void advance() {
        long now = System.nanoTime();
        area += (double) inFlight * (now - lastChangeNanos);
        lastChangeNanos = now;
    }
}
