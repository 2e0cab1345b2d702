package io.apigenmt.topology.health;

import java.util.Objects;
import java.util.Optional;

/**
 * A unit of work could not be done because a dependency it needs is down (a probe confirmed
 * it): not the work's failure. Whoever runs the work keeps it and redoes it once the dependency
 * answers (the async journal does); it must never end the work as failed.
 *
 * <p>Thrown often during an outage (every call fails fast), so it carries no stack trace.
 */
public final class Unavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSE_DEPTH = 32;

    private final transient Dependency dependency;
    private final Problem problem;

    public Unavailable(Dependency dependency, Problem problem) {
        super("down: " + problem.message(), null, false, false);
        this.dependency = Objects.requireNonNull(dependency, "dependency");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The dependency to wait for. */
    public Dependency dependency() {
        return dependency;
    }

    /** Why it was down when the work failed. */
    public Problem problem() {
        return problem;
    }

    /** The Unavailable anywhere in {@code error}'s chain of causes, e.g. wrapped by a client's own exception type. */
    public static Optional<Unavailable> in(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (cause instanceof Unavailable unavailable) {
                return Optional.of(unavailable);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return Optional.empty();
    }
}
