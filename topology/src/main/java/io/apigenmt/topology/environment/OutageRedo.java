package io.apigenmt.topology.environment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a stage notices that an environment is down, and what its units of work do
 * about it: a unit whose environment is {@link EnvironmentUnavailable unavailable} is redone from
 * its start after a backoff (exponential with jitter, capped), for as long as it takes. It never
 * becomes a dead letter for that; its input stays journalled meanwhile, so a crash loses nothing.
 * Model calls the unit made before the outage are paid again.
 *
 * <p>One outage is logged once when it begins and once when the environment answers again. This
 * class is where a stage-wide pause (stop taking input while a dependency is down, resume when a
 * probe answers) plugs in.
 */
public final class OutageRedo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutageRedo.class);

    private final String stage;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    private final AtomicLong redone = new AtomicLong();
    private volatile boolean closed;

    private record Outage(long sinceNanos) {}

    public OutageRedo(String stage, Duration firstBackoff, Duration maxBackoff) {
        this.stage = stage;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Runs a unit of work on {@code environment}, redoing it from its start while the environment
     * is unavailable. The future fails with the unit's own failure otherwise, and with a
     * {@link CancellationException} once this is closed (the stage stopped; its input stays journalled).
     */
    public <T> CompletableFuture<T> run(String environment, Supplier<CompletableFuture<T>> unit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(environment, unit, result, 0);
        return result;
    }

    /** Units redone so far because their environment was unavailable. */
    public long redone() {
        return redone.get();
    }

    private <T> void attempt(String environment, Supplier<CompletableFuture<T>> unit, CompletableFuture<T> result, int redos) {
        if (closed) {
            result.completeExceptionally(new CancellationException("stage " + stage + " closed"));
            return;
        }
        CompletableFuture<T> future;
        try {
            future = unit.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((value, error) -> {
            Throwable cause = unwrap(error);
            if (cause instanceof EnvironmentUnavailable unavailable) {
                down(environment, unavailable);
                redone.incrementAndGet();
                CompletableFuture.delayedExecutor(backoff(redos).toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(environment, unit, result, redos + 1));
                return;
            }
            up(environment);
            if (error != null) {
                result.completeExceptionally(cause);
            } else {
                result.complete(value);
            }
        });
    }

    private void down(String environment, EnvironmentUnavailable cause) {
        if (outages.putIfAbsent(environment, new Outage(System.nanoTime())) == null) {
            log.warn("stage {}: environment '{}' is unavailable ({}); its units of work are redone after a backoff "
                    + "(up to {} s) until it answers again", stage, environment, cause.getMessage(), maxBackoff.toSeconds());
        }
    }

    private void up(String environment) {
        Outage ended = outages.remove(environment);
        if (ended != null) {
            log.warn("stage {}: environment '{}' answers again after {} s", stage, environment,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - ended.sinceNanos()));
        }
    }

    private Duration backoff(int redos) {
        long cap = maxBackoff.toMillis();
        long exp = firstBackoff.toMillis() << Math.min(redos, 20);
        long ceiling = Math.max(1, Math.min(cap, exp));
        // Jitter spreads the redo of many units that failed together.
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Stops redoing: units waiting for their environment end with a CancellationException. */
    @Override
    public void close() {
        closed = true;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
