package io.apigenmt.topology.pipeline;

/**
 * Why a task (or seed, or stray record) ended as a dead letter: the closed set of reasons the
 * stages write. {@link #wire()} is the DeadLetter's {@code reason} field and the key of the
 * report's {@code dead_letters_by_reason} and the metric {@code dead-letter.<reason>}; those
 * strings are a contract (report.json, DESIGN.md, the ledger) and never change.
 */
public enum DeadLetterReason {

    /** Bytes that are not the record type the stage reads; any stage. */
    UNDECODABLE("undecodable"),
    /** An input over the size limit: fan-out, and the guard before every model-bound stage's journal. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** fan-out: a seed without a seed_id. */
    INVALID_SEED("invalid_seed"),
    /** A domain the worker does not serve: fan-out, generate, review, regenerate, rollout. */
    UNKNOWN_DOMAIN("unknown_domain"),
    /** fan-out: a seed asking for no tasks. */
    INVALID_TASK_COUNT("invalid_task_count"),
    /** fan-out: a seed asking for more tasks than the per-seed cap. */
    TOO_MANY_TASKS("too_many_tasks"),
    /** fan-out: a seed option that cannot be honoured (e.g. {@code recombine=9}). */
    INVALID_OPTION("invalid_option"),
    /** generate: the generator failed or never answered in the asked shape. */
    GENERATION_FAILED("generation_failed"),
    /** regenerate: the attempt budget ran out while review kept rejecting. */
    REVIEW_EXHAUSTED("review_exhausted"),
    /** regenerate: the summarizer or the generator failed on a revision. */
    REGENERATION_FAILED("regeneration_failed"),
    /** rollout (or regenerate after a rollout rejection): every trial failed and the budget is spent. */
    ROLLOUT_FAILED("rollout_failed"),
    /** recombine: a group's combined task could not be built. */
    RECOMBINATION_FAILED("recombination_failed"),
    /** regenerate: a given task (rollout only) failed review's checks; there is nothing to regenerate it from. */
    GIVEN_TASK_REJECTED("given_task_rejected"),
    /**
     * review, regenerate, rollout: the blueprint was made on other data than this worker's domain
     * runs on (workers given different domain_data), so it would verify differently here.
     */
    DOMAIN_DATA_MISMATCH("domain_data_mismatch"),
    /**
     * generate, review, regenerate, recombine, rollout: the domain's environment answered outside
     * ENVIRONMENT-PROTOCOL.md (a body that is not JSON, a missing or mistyped field, a status the
     * protocol does not allow); the error names the environment and what it broke.
     */
    ENVIRONMENT_PROTOCOL("environment_protocol"),
    /**
     * generate, review, regenerate, rollout: the spend reached {@code cost.max_usd}, so the stage's
     * model work on the task was not started; {@code apigen redrive --reason budget_exhausted}
     * sends it back to that stage once the budget is raised.
     */
    BUDGET_EXHAUSTED("budget_exhausted");

    private final String wire;

    DeadLetterReason(String wire) {
        this.wire = wire;
    }

    /** The reason as written in a DeadLetter record. */
    public String wire() {
        return wire;
    }

    /** The wire form, so that concatenating a reason can never write the constant's name. */
    @Override
    public String toString() {
        return wire;
    }
}
