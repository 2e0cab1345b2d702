package io.apigenmt.topology.ledger;

import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.rollout.RolloutStage;

/**
 * Files each entry of a record's usage breakdown under what its work came to, from the record
 * alone (so the figures hold when the retry topic's history has expired):
 * <ul>
 *   <li>a rollout trial that is not the passing one failed ({@link WorkOutcome#FAILED_TRIALS});</li>
 *   <li>any other work on an attempt before the last was rejected: a later attempt exists only
 *       after a rejection ({@link WorkOutcome#REJECTED_BLUEPRINTS});</li>
 *   <li>the last attempt's work is verified, in flight, rejected (a rejected blueprint on the
 *       retry topic; a dead letter of regenerate, or rollout_failed, whose last attempt was
 *       rejected), or else the dead letter's own ({@link WorkOutcome#DEAD_LETTERS}: the
 *       generation or revision that failed).</li>
 * </ul>
 */
final class Charges {

    private Charges() {}

    static Charge verified(Trajectory t) {
        int attempt = t.getBlueprint().getAttempt();
        return Charge.of(Charge.VERIFIED, Usages.breakdown(t.getUsage()), e -> {
            if (failedTrial(e) && !(e.getAttempt() == attempt && e.getTrial() == t.getTrial())) {
                return WorkOutcome.FAILED_TRIALS;
            }
            return e.getAttempt() < attempt ? WorkOutcome.REJECTED_BLUEPRINTS : WorkOutcome.VERIFIED;
        });
    }

    static Charge deadLetter(DeadLetter d) {
        int attempt = d.getAttempts();
        // regenerate's input is a rejected blueprint; rollout_failed ends an attempt rollout rejected.
        boolean lastRejected = RegenerateStage.NAME.equals(d.getStage())
                || DeadLetterReason.ROLLOUT_FAILED.wire().equals(d.getReason());
        return Charge.of(d.getReason(), Usages.breakdown(d.getUsage()), e -> {
            if (failedTrial(e)) {
                return WorkOutcome.FAILED_TRIALS;
            }
            if (e.getAttempt() < attempt || lastRejected && e.getAttempt() == attempt) {
                return WorkOutcome.REJECTED_BLUEPRINTS;
            }
            return WorkOutcome.DEAD_LETTERS;
        });
    }

    /** A task in flight as its latest work record shows it; {@code rejected}: the record is on the retry topic. */
    static Charge inFlight(Blueprint b, boolean rejected) {
        return inFlight(b.getUsage(), b.getAttempt(), rejected);
    }

    static Charge inFlight(Usage usage, int attempt, boolean rejected) {
        return Charge.of(Charge.IN_FLIGHT, Usages.breakdown(usage), e -> {
            if (failedTrial(e)) {
                return WorkOutcome.FAILED_TRIALS;
            }
            if (e.getAttempt() < attempt || rejected && e.getAttempt() == attempt) {
                return WorkOutcome.REJECTED_BLUEPRINTS;
            }
            return WorkOutcome.IN_FLIGHT;
        });
    }

    private static boolean failedTrial(UsageEntry e) {
        return RolloutStage.NAME.equals(e.getStage()) && e.getTrial() > 0;
    }
}
