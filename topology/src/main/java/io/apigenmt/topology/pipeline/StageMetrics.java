package io.apigenmt.topology.pipeline;

/**
 * Per-stage counters (records in and out, rejections by kind, dead letters). The worker binds
 * them to its metrics registry; tests and the embedded run may use {@link #NOOP}.
 */
public interface StageMetrics {

    /** One input record taken by {@code stage}. */
    void recordIn(String stage);

    /** One output of {@code kind} (e.g. approved, retry.format, dead-letter.review_exhausted). */
    void recordOut(String stage, String kind);

    StageMetrics NOOP = new StageMetrics() {
        @Override
        public void recordIn(String stage) {}

        @Override
        public void recordOut(String stage, String kind) {}
    };
}
