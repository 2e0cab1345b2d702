package io.apigenmt.topology.verify;

/**
 * The verdict on one row.
 *
 * @param reason                 empty when passed; else why, in the rollout's words
 * @param observationsDiffering  replayed calls whose answer differs from the one the row records
 *                               (not a failure: a row made on other data, or an older tool version)
 */
public record RowVerdict(boolean passed, String reason, int observationsDiffering) {

    static RowVerdict failed(String reason) {
        return new RowVerdict(false, reason, 0);
    }
}
