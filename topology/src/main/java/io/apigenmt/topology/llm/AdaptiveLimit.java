package io.apigenmt.topology.llm;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adaptive concurrency limit of one model endpoint, with non-blocking permits.
 *
 * <p><b>Algorithm: AIMD with a latency-gradient trigger.</b> Loss-based AIMD (as in TCP and
 * Netflix's concurrency-limits {@code AIMDLimit}) reacts to the explicit overload signals an
 * OpenAI-compatible server gives — 429, 503, timeouts — by halving the limit. vLLM and SGLang
 * give none of those: they queue, so latency is the only signal. A pure gradient limit
 * (Vegas/Gradient2) needs a stable "no-load" latency, which LLM calls do not have (latency
 * scales with output length). So the latency signal is relative: a short EWMA (~10 calls)
 * against a long EWMA baseline spanning ~10 generations of the limit (its weight per sample
 * is 1/(10 x limit): with 1024 calls in flight a fixed 100-sample window would absorb a
 * latency jump within a single generation and fire once); when the short one exceeds {@code tolerance}x the
 * baseline (1.5: a server whose latency doubles under load is congested) the limit shrinks by
 * {@code latencyBackoffRatio}. The baseline keeps learning, so a genuine, lasting change in
 * service time (longer prompts) stops counting as congestion instead of pinning the limit at its
 * minimum.
 *
 * <p>The latency samples must be the endpoint's own: {@link OpenAiChatModel} passes the time from
 * the request written to the response headers read ({@link ExchangeTiming}), not the whole call,
 * whose client-side part (a dispatcher thread, a connection, decoding, callbacks, a CPU-starved
 * worker) rises on a busy machine while the server is as fast as ever: shrinking the limit for
 * that would idle capacity the server has.
 *
 * <p>At most one decrease per "generation": a permit remembers the decrease counter when it was
 * granted and only a permit granted after the last decrease can trigger the next one. Otherwise
 * a burst of 200 rate-limited calls already in flight would cut the limit 200 times for one
 * event (TCP's one-decrease-per-RTT rule).
 *
 * <p>Increase is additive, +1 per successful call, and only while the limit is actually used
 * (in flight &ge; half the limit): an idle endpoint must not grow an untested limit. The limit
 * starts at its maximum — at 5 s per call, growing from a small start by +1 per call would take
 * minutes to reach 1024 — and only falls when the endpoint says so.
 *
 * <p><b>Permits.</b> {@link #acquire()} returns a future completed when a permit is free; a
 * waiting call parks no thread. Every permit must be released exactly once via
 * {@link Permit#success}, {@link Permit#dropped} or {@link Permit#ignored}; extra releases are
 * no-ops. Waiters are served FIFO, completed outside the lock.
 *
 * <p>Thread-safe; all state under one monitor (the critical sections are a few arithmetic
 * operations, far below the cost of the HTTP calls they guard).
 */
public final class AdaptiveLimit {

    /** Tuning; {@link #defaults(int)} is what the client uses. */
    public record Options(int minLimit, int maxLimit, double dropBackoffRatio, double latencyBackoffRatio,
                          double latencyTolerance, int warmupSamples, double shortAlpha,
                          double baselineGenerations) {
        public Options {
            if (minLimit < 1 || maxLimit < minLimit) {
                throw new IllegalArgumentException("need 1 <= minLimit <= maxLimit, got " + minLimit + ".." + maxLimit);
            }
            if (dropBackoffRatio <= 0 || dropBackoffRatio >= 1 || latencyBackoffRatio <= 0 || latencyBackoffRatio >= 1) {
                throw new IllegalArgumentException("backoff ratios must be in (0, 1)");
            }
            if (shortAlpha <= 0 || shortAlpha > 1 || baselineGenerations < 1) {
                throw new IllegalArgumentException("need 0 < shortAlpha <= 1 and baselineGenerations >= 1");
            }
            if (latencyTolerance <= 1) {
                throw new IllegalArgumentException("latencyTolerance must be > 1");
            }
        }

        public static Options defaults(int maxLimit) {
            return new Options(1, maxLimit, 0.5, 0.8, 1.5, 20, 0.1, 10);
        }
    }

    private final Options options;
    private final Object lock = new Object();
    private final ArrayDeque<CompletableFuture<Permit>> waiters = new ArrayDeque<>();
    private double limit;
    private int inFlight;
    private long generation;
    private long samples;
    private double shortLatency;
    private double longLatency;
    private long latencyDecreases;
    private long overloadDecreases;

    public AdaptiveLimit(Options options) {
        this.options = options;
        this.limit = options.maxLimit();
    }

    public static AdaptiveLimit withMax(int maxLimit) {
        return new AdaptiveLimit(Options.defaults(maxLimit));
    }

    /** Completes (possibly at once, possibly on the thread releasing another permit) with a permit. */
    public CompletableFuture<Permit> acquire() {
        synchronized (lock) {
            if (waiters.isEmpty() && inFlight < currentLimit()) {
                inFlight++;
                return CompletableFuture.completedFuture(new Permit(generation));
            }
            CompletableFuture<Permit> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    /** The current limit (what metrics show). */
    public int limit() {
        synchronized (lock) {
            return currentLimit();
        }
    }

    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** Calls waiting for a permit (cancelled waiters included until they reach the head). */
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    public int maxLimit() {
        return options.maxLimit();
    }

    /** Decreases so far because latency rose above the baseline. */
    public long latencyDecreases() {
        synchronized (lock) {
            return latencyDecreases;
        }
    }

    /** Decreases so far because the endpoint signalled overload (429, 503, timeouts). */
    public long overloadDecreases() {
        synchronized (lock) {
            return overloadDecreases;
        }
    }

    public int minLimit() {
        return options.minLimit();
    }

    private int currentLimit() {
        return Math.max(options.minLimit(), (int) Math.floor(limit));
    }

    private void release(Permit permit, Outcome outcome, long latencyNanos) {
        synchronized (lock) {
            switch (outcome) {
                case SUCCESS -> onSample(permit, latencyNanos);
                case DROPPED -> {
                    if (decrease(permit, options.dropBackoffRatio())) {
                        overloadDecreases++;
                    }
                }
                case IGNORED -> { }
            }
            inFlight--;
        }
        drain();
    }

    private void onSample(Permit permit, long latencyNanos) {
        double x = Math.max(1, latencyNanos);
        if (samples == 0) {
            shortLatency = x;
            longLatency = x;
        } else {
            shortLatency += options.shortAlpha() * (x - shortLatency);
            double longAlpha = Math.min(options.shortAlpha(), 1.0 / (options.baselineGenerations() * currentLimit()));
            longLatency += longAlpha * (x - longLatency);
        }
        samples++;
        if (samples >= options.warmupSamples() && shortLatency > options.latencyTolerance() * longLatency) {
            if (decrease(permit, options.latencyBackoffRatio())) {
                latencyDecreases++;
            }
        } else if (inFlight * 2 >= currentLimit()) {
            limit = Math.min(options.maxLimit(), limit + 1);
        }
    }

    /** Returns whether the limit was decreased (once per generation). */
    private boolean decrease(Permit permit, double ratio) {
        if (permit.generation != generation) {
            return false; // granted before the last decrease: its signal is already accounted for
        }
        limit = Math.max(options.minLimit(), limit * ratio);
        generation++;
        return true;
    }

    private void drain() {
        while (true) {
            CompletableFuture<Permit> next;
            Permit permit;
            synchronized (lock) {
                if (waiters.isEmpty() || inFlight >= currentLimit()) {
                    return;
                }
                next = waiters.poll();
                inFlight++;
                permit = new Permit(generation);
            }
            // Completed outside the lock: the waiter's continuation (an HTTP enqueue) runs here.
            if (!next.complete(permit)) {
                synchronized (lock) {
                    inFlight--; // the waiter was cancelled: give the slot to the next one
                }
            }
        }
    }

    private enum Outcome { SUCCESS, DROPPED, IGNORED }

    /** One unit of concurrency; release it exactly once, when the call completes. */
    public final class Permit {
        private final long generation;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(long generation) {
            this.generation = generation;
        }

        /** The call succeeded in {@code latencyNanos}: a latency sample, may grow the limit. */
        public void success(long latencyNanos) {
            if (released.compareAndSet(false, true)) {
                release(this, Outcome.SUCCESS, latencyNanos);
            }
        }

        /** The endpoint signalled overload (429, 503, timeout): multiplicative decrease. */
        public void dropped() {
            if (released.compareAndSet(false, true)) {
                release(this, Outcome.DROPPED, 0);
            }
        }

        /** The call ended without saying anything about load (400, garbled body, cancelled). */
        public void ignored() {
            if (released.compareAndSet(false, true)) {
                release(this, Outcome.IGNORED, 0);
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "AdaptiveLimit[limit=" + currentLimit() + ", inFlight=" + inFlight + ", waiting=" + waiters.size() + "]";
        }
    }
}
