package io.apigenmt.topology.health;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A probe of a dependency the test switches up and down; counts how often it was asked. */
public final class ScriptedProbe implements Probe {

    private final AtomicReference<Problem> answer = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();

    /** From now on the dependency answers. */
    public void up() {
        answer.set(null);
    }

    /** From now on the dependency fails with {@code problem}. */
    public void down(Problem problem) {
        answer.set(problem);
    }

    public int runs() {
        return runs.get();
    }

    @Override
    public CompletableFuture<Optional<Problem>> run() {
        runs.incrementAndGet();
        return CompletableFuture.completedFuture(Optional.ofNullable(answer.get()));
    }

    /** Probes a few milliseconds apart, so that a test sees outages begin and end at once. */
    public static Dependency.Schedule fast() {
        return new Dependency.Schedule(2, java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10),
                java.time.Duration.ofMillis(40));
    }
}
