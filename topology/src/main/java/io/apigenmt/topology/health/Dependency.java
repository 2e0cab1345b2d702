package io.apigenmt.topology.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one outside dependency (a model endpoint, a remote environment): up, or down
 * with a {@link Problem} since a moment; listeners hear every change.
 *
 * <p><b>Who decides.</b> Only a {@link Probe} marks it down, and only a probe marks it up again.
 * A client whose call failed after its own retries asks {@link #check}: was that the
 * dependency, or the call? The answer is "the call" when the dependency demonstrably answered
 * after the failure — a call <em>sent</em> after it succeeded ({@link #answered}), or a probe
 * started after it succeeded. Otherwise a probe decides, tried a few times a short while apart
 * so that one unlucky answer does not stop a pipeline; when every try fails the dependency is
 * down, and it is probed with exponential backoff until a probe succeeds.
 *
 * <p><b>Why sent after.</b> A call sent before an outage can still come back successful while
 * the calls around it are already failing; only a call sent after a failure proves that the
 * dependency answered after it.
 *
 * <p>Probes run on the given scheduler and on the probe's own threads; at most one confirming
 * probe is in flight (checks arriving meanwhile share the next one). Listeners are called after
 * the change, outside any lock, on whichever thread made it; they must be quick and read the
 * current state rather than trust the order of calls. Thread-safe.
 */
public final class Dependency implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dependency.class);

    /**
     * How probes are spaced.
     *
     * @param confirmAttempts tries of a confirming probe before the dependency counts as down
     * @param confirmDelay    wait between those tries
     * @param firstRetry      first wait between probes of a down dependency; doubles each time
     * @param maxRetry        longest wait between probes of a down dependency
     */
    public record Schedule(int confirmAttempts, Duration confirmDelay, Duration firstRetry, Duration maxRetry) {
        public Schedule {
            if (confirmAttempts < 1) {
                throw new IllegalArgumentException("confirmAttempts must be >= 1, was " + confirmAttempts);
            }
            if (confirmDelay.isNegative() || firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
                throw new IllegalArgumentException("need 0 <= confirmDelay and 0 < firstRetry <= maxRetry");
            }
        }

        /** 3 confirming tries 250 ms apart; a down dependency probed after 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
        public static Schedule defaults() {
            return new Schedule(3, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(5));
        }
    }

    /** Hears every change between up and down (and a change of the problem while down). */
    @FunctionalInterface
    public interface Listener {
        void changed(Dependency dependency);
    }

    /**
     * What happened to the dependency so far.
     *
     * @param downs     times it went down
     * @param downTotal time spent down, the current outage included
     * @param probes    probes run (confirming tries and probes while down)
     */
    public record Stats(long downs, Duration downTotal, long probes) {}

    private record Down(Problem problem, Instant since, long sinceNanos) {}

    /** One confirming probe: when it started (nanoTime) and its verdict. */
    private record Confirmation(long startedAt, CompletableFuture<Optional<Problem>> verdict) {}

    private final String name;
    private final Probe probe;
    private final ScheduledExecutorService scheduler;
    private final Schedule schedule;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong answeredAfter = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong probes = new AtomicLong();

    private final Object lock = new Object();
    private volatile Down down; // null: up
    private Confirmation confirming;
    private CompletableFuture<Optional<Problem>> next;
    private ScheduledFuture<?> recovery;
    private long downs;
    private long downNanosBefore;
    private boolean closed;

    /**
     * @param name      how messages and metrics name it, e.g. {@code model 'qwen3' at http://vllm:8000/v1};
     *                  never a credential
     * @param scheduler runs the waits between probes; owned by the caller
     */
    public Dependency(String name, Probe probe, ScheduledExecutorService scheduler, Schedule schedule, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return down == null;
    }

    /** Why it is down; empty while up. */
    public Optional<Problem> problem() {
        Down d = down;
        return d == null ? Optional.empty() : Optional.of(d.problem());
    }

    /** Since when it is down; empty while up. */
    public Optional<Instant> downSince() {
        Down d = down;
        return d == null ? Optional.empty() : Optional.of(d.since());
    }

    /** An {@link Unavailable} naming the current problem; empty while up. */
    public Optional<Unavailable> unavailable() {
        return problem().map(p -> new Unavailable(this, p));
    }

    /** Evidence that it answers: a call sent at {@code sentAtNanos} ({@link System#nanoTime()}) succeeded. */
    public void answered(long sentAtNanos) {
        answeredAfter.accumulateAndGet(sentAtNanos, Math::max);
    }

    /**
     * After a call failed at {@code failedAtNanos} ({@link System#nanoTime()}) in a way that may
     * be the dependency's (after the caller's own retries): completes with empty when the
     * dependency answered after the failure (the failure is the call's), or with the problem when
     * it is down (the call should wait for it). Never completes exceptionally.
     */
    public CompletableFuture<Optional<Problem>> check(long failedAtNanos) {
        Confirmation start = null;
        CompletableFuture<Optional<Problem>> verdict;
        synchronized (lock) {
            Down d = down;
            if (d != null) {
                return CompletableFuture.completedFuture(Optional.of(d.problem()));
            }
            if (answeredAfter.get() > failedAtNanos) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (confirming == null) {
                confirming = new Confirmation(System.nanoTime(), new CompletableFuture<>());
                start = confirming;
                verdict = confirming.verdict();
            } else if (confirming.startedAt() >= failedAtNanos) {
                verdict = confirming.verdict();
            } else {
                // The probe in flight started before this failure: it cannot speak for it. Wait for the next.
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                verdict = next;
            }
        }
        if (start != null) {
            confirm(start, 1);
        }
        return verdict;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public Stats stats() {
        synchronized (lock) {
            Down d = down;
            long nanos = downNanosBefore + (d == null ? 0 : System.nanoTime() - d.sinceNanos());
            return new Stats(downs, Duration.ofNanos(nanos), probes.get());
        }
    }

    /** Stops probing; the state stays as it is. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (recovery != null) {
                recovery.cancel(false);
            }
        }
    }

    // ---- confirming a suspected outage --------------------------------------------------------

    private void confirm(Confirmation confirmation, int attempt) {
        long startedAt = System.nanoTime();
        runProbe().thenAccept(problem -> {
            if (problem.isEmpty()) {
                answered(startedAt);
                confirmed(confirmation, Optional.empty());
            } else if (attempt < schedule.confirmAttempts() && later(() -> confirm(confirmation, attempt + 1),
                    schedule.confirmDelay())) {
                log.debug("{}: probe {} of {} failed: {}", name, attempt, schedule.confirmAttempts(), problem.get().message());
            } else {
                confirmed(confirmation, problem);
            }
        });
    }

    private void confirmed(Confirmation confirmation, Optional<Problem> problem) {
        CompletableFuture<Optional<Problem>> waiting;
        Confirmation following = null;
        boolean wentDown = false;
        synchronized (lock) {
            confirming = null;
            waiting = next;
            next = null;
            if (problem.isPresent() && down == null) {
                wentDown = true;
                markDown(problem.get());
            }
            if (waiting != null && down == null) {
                // It answered, but after these failures nothing has: a fresh probe speaks for them.
                following = new Confirmation(System.nanoTime(), waiting);
                confirming = following;
            }
        }
        // Listeners first: what pauses on this outage has paused before the failed call hears it.
        if (wentDown) {
            notifyListeners();
        }
        confirmation.verdict().complete(problem);
        if (following != null) {
            confirm(following, 1);
        } else if (waiting != null) {
            waiting.complete(problem());
        }
    }

    // ---- while down ---------------------------------------------------------------------------

    /** Under the lock. */
    private void markDown(Problem problem) {
        down = new Down(problem, clock.instant(), System.nanoTime());
        downs++;
        log.warn("down: {}; what needs it pauses, and it is probed until it answers", problem.message());
        scheduleRecovery(schedule.firstRetry());
    }

    /** Under the lock. */
    private void scheduleRecovery(Duration delay) {
        if (closed) {
            return;
        }
        try {
            recovery = scheduler.schedule(() -> recover(delay), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("{}: no more probes, the scheduler is shutting down", name);
        }
    }

    private void recover(Duration lastDelay) {
        long startedAt = System.nanoTime();
        runProbe().thenAccept(problem -> {
            boolean changed;
            synchronized (lock) {
                Down d = down;
                if (d == null || closed) {
                    return;
                }
                if (problem.isEmpty()) {
                    downNanosBefore += System.nanoTime() - d.sinceNanos();
                    down = null;
                    answered(startedAt);
                    log.info("{} answers again after {} s down", name,
                            Duration.ofNanos(System.nanoTime() - d.sinceNanos()).toSeconds());
                    changed = true;
                } else {
                    changed = !problem.get().equals(d.problem());
                    if (changed) {
                        down = new Down(problem.get(), d.since(), d.sinceNanos());
                        log.warn("still down: {}", problem.get().message());
                    }
                    Duration doubled = lastDelay.multipliedBy(2);
                    scheduleRecovery(doubled.compareTo(schedule.maxRetry()) > 0 ? schedule.maxRetry() : doubled);
                }
            }
            if (changed) {
                notifyListeners();
            }
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private CompletableFuture<Optional<Problem>> runProbe() {
        probes.incrementAndGet();
        CompletableFuture<Optional<Problem>> result;
        try {
            result = probe.run();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        if (result == null) {
            result = CompletableFuture.failedFuture(new IllegalStateException("the probe returned no future"));
        }
        return result.handle((problem, error) -> error != null
                ? Optional.of(new Problem(Problem.Reason.UNREACHABLE, name + ": the probe failed: " + error))
                : problem == null ? Optional.<Problem>empty() : problem);
    }

    /** Runs {@code task} after {@code delay}; false when the scheduler refuses (shutting down). */
    private boolean later(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    private void notifyListeners() {
        for (Listener listener : listeners) {
            try {
                listener.changed(this);
            } catch (RuntimeException e) {
                log.warn("{}: a health listener failed: {}", name, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        Down d = down;
        return d == null ? name + " (up)" : name + " (down since " + d.since() + ": " + d.problem().message() + ")";
    }
}
