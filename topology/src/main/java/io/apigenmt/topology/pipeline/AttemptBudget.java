package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Blueprint;
import java.util.function.ToIntFunction;

/**
 * The one owner of "how often may a task be tried": after a rejection, a blueprint whose attempt
 * has reached its domain's budget (configuration {@code budgets}: default 3, airline 5) ends the
 * task; below it, the task goes round the feedback loop once more. Review's rejections reach the
 * decision in regenerate, rollout's in rollout itself (so a spent budget ends there as
 * {@code rollout_failed}). A redriven task ({@link Redrives}) gets its budget afresh: its attempts
 * count from the ones it had used when it was redriven.
 */
public final class AttemptBudget {

    /** What happens to a task after a rejection. */
    public sealed interface Decision permits Retry, Exhausted {}

    /** @param nextAttempt the attempt number of the revision */
    public record Retry(int nextAttempt) implements Decision {}

    /** @param budget the attempts the domain allows, all spent */
    public record Exhausted(int budget) implements Decision {}

    private final ToIntFunction<String> budgetOfDomain;

    public AttemptBudget(ToIntFunction<String> budgetOfDomain) {
        this.budgetOfDomain = budgetOfDomain;
    }

    /** The budget the configuration sets per domain. */
    public static AttemptBudget of(PipelineConfig config) {
        return new AttemptBudget(config::attemptBudget);
    }

    /** Decides for a task whose blueprint {@code rejected} was just rejected. */
    public Decision afterRejection(Blueprint rejected) {
        int budget = budgetOfDomain.applyAsInt(rejected.getDomain());
        int used = rejected.getAttempt() - Redrives.of(rejected.getOptions()).baseAttempt();
        return used >= budget ? new Exhausted(budget) : new Retry(rejected.getAttempt() + 1);
    }
}
