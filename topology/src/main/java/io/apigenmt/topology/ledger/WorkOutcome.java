package io.apigenmt.topology.ledger;

/**
 * What a piece of model work came to, for the cost report's {@code by_work}: every token of
 * spend falls in exactly one of these.
 */
enum WorkOutcome {
    /** The attempt that verified: its generation, review and passing trial. */
    VERIFIED("verified"),
    /** An attempt a check, the committee or rollout rejected (its failed trials aside). */
    REJECTED_BLUEPRINTS("rejected_blueprints"),
    /** A rollout trial that did not pass verification. */
    FAILED_TRIALS("failed_trials"),
    /** Work of a dead-lettered task that was neither: a generation or revision that failed. */
    DEAD_LETTERS("dead_letters"),
    /** Work of a task still in flight whose fate is open. */
    IN_FLIGHT("in_flight");

    private final String key;

    WorkOutcome(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
