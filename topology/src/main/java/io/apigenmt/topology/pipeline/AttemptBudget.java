package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Blueprint;
import java.util.OptionalInt;

/**
 * The one owner of "how often may a task be tried": after a rejection, a blueprint whose attempt
 * has reached its domain's budget ends the task; below it, the task goes round the feedback loop
 * once more. The budget of a domain is the configuration's entry for it ({@code budgets}: retail
 * 3, airline 5), else what the domain's environment declares ({@code attempt_budget}), else the
 * configuration's {@code default}. Review's rejections reach the decision in regenerate,
 * rollout's in rollout itself (so a spent budget ends there as {@code rollout_failed}). A given
 * task (tasks file, {@code given_id} set) has a budget of one. A redriven task ({@link Redrives})
 * gets its budget afresh: its attempts count from the ones it had used when it was redriven.
 */
public final class AttemptBudget {

    /** What happens to a task after a rejection. */
    public sealed interface Decision permits Retry, Exhausted {}

    /** @param nextAttempt the attempt number of the revision */
    public record Retry(int nextAttempt) implements Decision {}

    /** @param budget the attempts the domain allows, all spent */
    public record Exhausted(int budget) implements Decision {}

    /** The budget of a domain, given what its environment declares (if anything). */
    @FunctionalInterface
    public interface Budgets {
        int of(String domain, OptionalInt declared);
    }

    private final Budgets budgets;

    public AttemptBudget(Budgets budgets) {
        this.budgets = budgets;
    }

    /** The budget the configuration sets per domain. */
    public static AttemptBudget of(PipelineConfig config) {
        return new AttemptBudget(config::attemptBudget);
    }

    /**
     * Decides for a task whose blueprint {@code rejected} was just rejected. A given task has one
     * attempt: it is rolled out as given, never regenerated. A redriven one counts its attempts
     * from those it had used when it was redriven.
     *
     * @param declared the attempt budget the domain's environment declares, if any
     */
    public Decision afterRejection(Blueprint rejected, OptionalInt declared) {
        int budget = rejected.getGivenId() != null ? 1 : budgets.of(rejected.getDomain(), declared);
        int used = rejected.getAttempt() - Redrives.of(rejected.getOptions()).baseAttempt();
        return used >= budget ? new Exhausted(budget) : new Retry(rejected.getAttempt() + 1);
    }
}
