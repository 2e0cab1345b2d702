package io.apigenmt.topology.pipeline;

import java.util.Optional;

/**
 * Whether new work may start: the stages that start it (generate, for a new task; regenerate, for
 * another attempt) ask before their first model call, and end the task as a
 * {@code budget_exhausted} dead letter once the spend reached {@code cost.max_usd}. Work already
 * started is never stopped. Thread-safe and cheap: asked once per unit of work.
 */
@FunctionalInterface
public interface Budget {

    /** No budget: everything may start. */
    Budget UNLIMITED = Optional::empty;

    /** Empty while new work may start; otherwise why not, for the dead letter's error. */
    Optional<String> exhausted();
}
