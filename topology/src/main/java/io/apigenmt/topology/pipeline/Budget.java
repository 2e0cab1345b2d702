package io.apigenmt.topology.pipeline;

import java.util.Optional;

/**
 * Whether new model work may start: generate (a new task), review (a committee hearing),
 * regenerate (another attempt) and rollout (the trials) ask before a unit's first model call, and
 * end the task as a {@code budget_exhausted} dead letter, redrivable to that stage, once the spend
 * reached {@code cost.max_usd}. A unit already started is never stopped: it finishes with its
 * re-asks and, in rollout, every trial. Thread-safe and cheap: asked once per unit of work.
 */
@FunctionalInterface
public interface Budget {

    /** No budget: everything may start. */
    Budget UNLIMITED = Optional::empty;

    /** Empty while new work may start; otherwise why not, for the dead letter's error. */
    Optional<String> exhausted();
}
