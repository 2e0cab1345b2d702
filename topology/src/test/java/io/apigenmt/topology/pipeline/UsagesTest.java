package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.Tokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record's usage: totals, and the breakdown per stage, model, attempt and trial that adds up to them. */
class UsagesTest {

    private static TokenUsage of(String model, long prompt, long cached, long completion, int calls) {
        return TokenUsage.of(model, new Tokens(prompt, cached, completion, calls));
    }

    @Test
    void shouldAddEachModelsShareAsAnEntryAndMergeRepeatsOfTheSameStageModelAttemptAndTrial() {
        // Given a review of attempt 2 by two judges, then a second review of the same attempt by one of them
        Usage reviewed = Usages.add(null, "review", 2, of("j1", 100, 40, 10, 1).plus(of("j2", 200, 0, 20, 1)));
        Usage again = Usages.add(reviewed, "review", 2, of("j2", 50, 50, 5, 1));

        // Then the totals add up, cached tokens included, and j2's two shares are one entry
        assertThat(again.getPromptTokens()).isEqualTo(350);
        assertThat(again.getCachedPromptTokens()).isEqualTo(90);
        assertThat(again.getCompletionTokens()).isEqualTo(35);
        assertThat(again.getLlmCalls()).isEqualTo(3);
        assertThat(again.getBreakdown()).containsExactly(
                new UsageEntry("review", "j1", 2, 0, 100L, 40L, 10L, 1),
                new UsageEntry("review", "j2", 2, 0, 250L, 50L, 25L, 2));
        // and the record added to is left as it was
        assertThat(reviewed.getBreakdown()).hasSize(2).element(1).extracting(UsageEntry::getLlmCalls).isEqualTo(1);
    }

    @Test
    void shouldKeepEachRolloutTrialApartAndNameUsageNoCallerAttributed() {
        Usage rolled = Usages.addTrials(null, "rollout", 1, List.of(of("agent", 10, 0, 1, 1), of("agent", 20, 5, 2, 2)));
        Usage loose = Usages.add(rolled, "rollout", 1, new TokenUsage(7, 1, 1));

        assertThat(loose.getBreakdown()).extracting(UsageEntry::getTrial, UsageEntry::getModel, UsageEntry::getPromptTokens)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "agent", 10L),
                        org.assertj.core.groups.Tuple.tuple(2, "agent", 20L),
                        org.assertj.core.groups.Tuple.tuple(0, Usages.UNKNOWN, 7L));
    }

    @Test
    void shouldCompleteTheBreakdownOfAnOlderRecordWithAnUnknownEntryForWhatItsTotalsHoldBeyondIt() {
        Usage older = TestUsage.legacy(500, 50, 5);
        Usage added = Usages.add(older, "regenerate", 2, of("gen", 100, 0, 10, 1));

        assertThat(Usages.breakdown(added)).containsExactly(
                new UsageEntry("regenerate", "gen", 2, 0, 100L, 0L, 10L, 1),
                new UsageEntry(Usages.UNKNOWN, Usages.UNKNOWN, 0, 0, 500L, 0L, 50L, 5));
        assertThat(Usages.breakdown(Usages.add(null, "generate", 1, of("gen", 1, 0, 1, 1)))).hasSize(1);
        assertThat(Usages.breakdown(null)).isEmpty();
    }
}
