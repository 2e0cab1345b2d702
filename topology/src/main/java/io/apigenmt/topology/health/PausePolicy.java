package io.apigenmt.topology.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses one stage while any dependency it needs is down and resumes it when all answer again:
 * fed by the dependencies' listeners, it calls {@link Pausable#pause()} on the first outage and
 * {@link Pausable#resume()} when the last one ends. It keeps the current pause and the last
 * {@value #HISTORY} past ones, for metrics, progress lines and reports.
 *
 * <pre>
 * PausePolicy policy = new PausePolicy("generate", List.of(generatorEndpoint), pausable(streams), clock);
 * policy.start();            // subscribes; pauses at once if something is already down
 * policy.current();          // Optional&lt;Pause&gt;: since when and why
 * policy.close();            // unsubscribes (before the stage itself closes)
 * </pre>
 * Thread-safe; decisions are taken under one lock from the dependencies' current states, so
 * listener calls arriving out of order cannot leave the stage paused with every dependency up.
 */
public final class PausePolicy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PausePolicy.class);
    static final int HISTORY = 100;

    private final String stage;
    private final List<Dependency> needs;
    private final Pausable target;
    private final Clock clock;
    private final Dependency.Listener listener = d -> evaluate();
    private final Deque<Pause> history = new ArrayDeque<>();

    private Pause current; // guarded by this
    private Duration pastTotal = Duration.ZERO; // guarded by this
    private long pauses; // guarded by this
    private boolean closed; // guarded by this

    /** @param needs the dependencies the stage calls; duplicates are ignored */
    public PausePolicy(String stage, Collection<Dependency> needs, Pausable target, Clock clock) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.needs = List.copyOf(new LinkedHashSet<>(needs));
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String stage() {
        return stage;
    }

    public List<Dependency> needs() {
        return needs;
    }

    /** Subscribes to every dependency and applies their current state. */
    public void start() {
        needs.forEach(d -> d.addListener(listener));
        evaluate();
    }

    /** The pause in progress; empty while the stage runs. */
    public synchronized Optional<Pause> current() {
        return Optional.ofNullable(current);
    }

    /** Past pauses, oldest first (at most {@value #HISTORY}), then the current one if any. */
    public synchronized List<Pause> history() {
        List<Pause> all = new ArrayList<>(history);
        if (current != null) {
            all.add(current);
        }
        return all;
    }

    /** How many times the stage paused. */
    public synchronized long pauses() {
        return pauses;
    }

    /** Time spent paused, the current pause included. */
    public synchronized Duration pausedTotal() {
        return current == null ? pastTotal : pastTotal.plus(current.length(clock.instant()));
    }

    @Override
    public void close() {
        needs.forEach(d -> d.removeListener(listener));
        synchronized (this) {
            closed = true;
        }
    }

    private synchronized void evaluate() {
        if (closed) {
            return;
        }
        List<Pause.Down> why = new ArrayList<>();
        for (Dependency d : needs) {
            d.problem().ifPresent(p -> why.add(new Pause.Down(d.name(), p)));
        }
        Instant now = clock.instant();
        if (!why.isEmpty()) {
            if (current == null) {
                current = new Pause(stage, now, null, why);
                pauses++;
                target.pause();
                log.warn("stage {} paused: {}", stage, current.describe());
            } else if (!current.why().equals(why)) {
                current = new Pause(stage, current.since(), null, why);
            }
        } else if (current != null) {
            Pause ended = new Pause(stage, current.since(), now, current.why());
            current = null;
            pastTotal = pastTotal.plus(ended.length(now));
            history.addLast(ended);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            target.resume();
            log.info("stage {} resumed after {} s", stage, ended.length(now).toSeconds());
        }
    }
}
