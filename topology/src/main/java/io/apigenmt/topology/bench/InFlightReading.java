package io.apigenmt.topology.bench;

/**
 * One reading of a request counter at a moment: how many requests are in flight, how many have
 * started since the counter was reset, and the integral of in-flight over time, so that the
 * time-weighted mean between two readings is {@code (b.requestSeconds - a.requestSeconds) /
 * (b.atNanos - a.atNanos) * 1e9}.
 *
 * @param inFlight       requests in flight now
 * @param started        requests started since the reset
 * @param requestSeconds in-flight integrated over time since the reset (request-seconds)
 * @param atNanos        {@link System#nanoTime()} of the reading
 */
public record InFlightReading(int inFlight, long started, double requestSeconds, long atNanos) {

    /** Time-weighted mean in flight from {@code earlier} to this reading; 0 over an empty interval. */
    public double meanSince(InFlightReading earlier) {
        long nanos = atNanos - earlier.atNanos;
        return nanos <= 0 ? 0 : (requestSeconds - earlier.requestSeconds) * 1e9 / nanos;
    }
}
