package io.apigenmt.topology.review;

import io.apigenmt.schemas.JudgeVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Majority vote of the committee: per item (correctness, completeness, satisfaction,
 * creativity) among the judges that answered; a tie counts as 0 (the blueprint must convince a
 * strict majority). Abstentions do not vote; fewer answering judges than the quorum means no
 * decision, and the blueprint is retried.
 */
public final class Vote {

    /** The committee's decision. */
    public sealed interface Decision permits Accepted, Rejected {}

    public record Accepted(double score, List<JudgeVerdict> verdicts) implements Decision {}

    public record Rejected(double score, List<String> reasons, List<JudgeVerdict> verdicts) implements Decision {}

    private static final List<Item> ITEMS = List.of(
            new Item("correctness", JudgeVerdict::getCorrectness,
                    "the actions do not do what the instruction asks (or change more than asked)"),
            new Item("completeness", JudgeVerdict::getCompleteness,
                    "the instruction lacks details needed to derive the actions"),
            new Item("satisfaction", JudgeVerdict::getSatisfaction,
                    "the expected outputs do not answer the instruction's information requests"),
            new Item("creativity", JudgeVerdict::getCreativity, "the task is implausible or trivial"));

    private record Item(String name, ToIntFunction<JudgeVerdict> score, String failure) {}

    private final double threshold;
    private final int quorum;

    /** @param quorum judges that must answer for a decision (capped at the committee size) */
    public Vote(double threshold, int quorum) {
        this.threshold = threshold;
        this.quorum = quorum;
    }

    public Decision decide(List<JudgeVerdict> verdicts) {
        List<JudgeVerdict> answered = verdicts.stream().filter(v -> !v.getAbstained()).toList();
        int needed = Math.min(quorum, verdicts.size());
        if (answered.size() < Math.max(1, needed)) {
            return new Rejected(0.0, List.of("no quorum: " + answered.size() + " of " + verdicts.size()
                    + " judges answered, " + needed + " needed"), verdicts);
        }
        int passed = 0;
        List<String> reasons = new ArrayList<>();
        for (Item item : ITEMS) {
            long yes = answered.stream().filter(v -> item.score().applyAsInt(v) == 1).count();
            if (yes * 2 > answered.size()) {
                passed++;
            } else {
                reasons.add(item.name() + " (" + yes + "/" + answered.size() + " judges): " + item.failure());
            }
        }
        double score = passed / (double) ITEMS.size();
        if (score >= threshold) {
            return new Accepted(score, verdicts);
        }
        for (JudgeVerdict v : answered) {
            if (!v.getReflection().isBlank() || !v.getCorrection().isBlank()) {
                reasons.add(v.getJudge() + ": " + v.getReflection()
                        + (v.getCorrection().isBlank() ? "" : " Suggested correction: " + v.getCorrection()));
            }
        }
        return new Rejected(score, reasons, verdicts);
    }
}
