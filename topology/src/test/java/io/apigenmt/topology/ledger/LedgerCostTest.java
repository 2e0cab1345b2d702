package io.apigenmt.topology.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.schemas.Verification;
import io.apigenmt.topology.cost.ModelPrice;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cost figures from known prices and token counts, to the digit: per stage, per model, per work
 * outcome (verified, rejected blueprints, failed trials, dead letters), per task outcome and per
 * verified trajectory; an unpriced model in tokens, never as $0.
 */
class LedgerCostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Example prices in the shape of gpt-4o and gpt-4o-mini list prices (USD per million tokens). */
    private static final Prices PRICES = new Prices(Map.of(
            "big", new ModelPrice(new BigDecimal("2.50"), new BigDecimal("1.25"), new BigDecimal("10.00")),
            "small", new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.075"), new BigDecimal("0.60"))));

    private static UsageEntry entry(String stage, String model, int attempt, int trial, long prompt, long cached,
                                    long completion, int calls) {
        return new UsageEntry(stage, model, attempt, trial, prompt, cached, completion, calls);
    }

    // t-0: attempt 1 rejected by the committee, attempt 2 verified on its second trial
    private static final UsageEntry GENERATE_1 = entry("generate", "big", 1, 0, 1000, 200, 100, 1);
    private static final UsageEntry REVIEW_1 = entry("review", "small", 1, 0, 2000, 0, 50, 1);
    private static final UsageEntry REGENERATE_2 = entry("regenerate", "big", 2, 0, 1500, 1000, 120, 2);
    private static final UsageEntry REVIEW_2 = entry("review", "small", 2, 0, 2000, 1500, 50, 1);
    private static final UsageEntry TRIAL_1 = entry("rollout", "local", 2, 1, 5000, 4000, 300, 5);
    private static final UsageEntry TRIAL_2 = entry("rollout", "local", 2, 2, 6000, 5000, 400, 6);
    // t-1: the generator never answered in shape
    private static final UsageEntry FAILED = entry("generate", "big", 1, 0, 800, 0, 90, 3);

    private static Blueprint blueprint(String taskId, int attempt, Usage usage) {
        return Blueprint.newBuilder().setTaskId(taskId).setSeedId("s").setDomain("retail").setAttempt(attempt)
                .setUserId("u").setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("big")
                .setUsage(usage).setOptions(Map.of()).build();
    }

    private static Ledger books() {
        Ledger ledger = new Ledger(3, id -> true, PRICES);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 2, 1L, Map.of(), List.of()), Optional.empty()));
        Blueprint attempt1 = blueprint("t-0", 1, TestUsage.plus(null, GENERATE_1, REVIEW_1));
        ledger.onRetry(new RejectedBlueprint(attempt1, "review", List.of("x"), List.of(), null));
        Blueprint attempt2 = blueprint("t-0", 2, TestUsage.plus(null, GENERATE_1, REVIEW_1, REGENERATE_2, REVIEW_2));
        ledger.onVerified(Trajectory.newBuilder().setTaskId("t-0").setDomain("retail").setBlueprint(attempt2)
                .setMessages(List.of()).setToolsJson("[]").setSystemPrompt("p").setTrial(2)
                .setVerification(new Verification("h", "h", List.of(), List.of())).setModels(Map.of())
                .setUsage(TestUsage.plus(attempt2.getUsage(), TRIAL_1, TRIAL_2)).build());
        DeadLetter failed = new DeadLetters("generate", StageHarness.CLOCK).forTask(
                new TaskRequest("t-1", "s", "retail", 1, 1L, Map.of(), null, null), DeadLetterReason.GENERATION_FAILED,
                "garbage", 1, new byte[] {1}, TestUsage.plus(null, FAILED));
        ledger.onDeadLetter(failed);
        return ledger;
    }

    private static String usd(JsonNode cell) {
        return cell.path("usd").isNull() ? "null" : cell.path("usd").decimalValue().toPlainString();
    }

    @Test
    void shouldPriceEveryStageFromItsTokensAtTheModelsPrices() {
        JsonNode cost = books().toJson(JSON).path("cost");

        // big: (uncached x 2.50 + cached x 1.25 + completion x 10.00) / 1e6; small: 0.15, 0.075, 0.60
        // generate: t-0 (800x2.5 + 200x1.25 + 100x10 = 3250) + t-1 (800x2.5 + 90x10 = 2900) -> $0.00615
        assertThat(usd(cost.at("/by_stage/generate"))).isEqualTo("0.006150");
        // review: 2000x0.15 + 50x0.6 = 330, and 500x0.15 + 1500x0.075 + 50x0.6 = 217.5 -> $0.0005475
        assertThat(usd(cost.at("/by_stage/review"))).isEqualTo("0.000548");
        // regenerate: 500x2.5 + 1000x1.25 + 120x10 = 3700 -> $0.0037
        assertThat(usd(cost.at("/by_stage/regenerate"))).isEqualTo("0.003700");
        // The rollout's model has no price: tokens only, never $0
        assertThat(cost.at("/by_stage/rollout/usd").isNull()).isTrue();
        assertThat(cost.at("/by_stage/rollout/unpriced/local").toString()).isEqualTo(
                "{\"prompt_tokens\":11000,\"cached_prompt_tokens\":9000,\"completion_tokens\":700,\"llm_calls\":11}");
        assertThat(cost.path("unpriced_models").toString()).isEqualTo("[\"local\"]");
        // The total is the priced part, $0.0103975, with the unpriced tokens beside it
        assertThat(usd(cost.path("total"))).isEqualTo("0.010398");
        assertThat(cost.at("/total/unpriced/local/llm_calls").asLong()).isEqualTo(11);
        assertThat(cost.at("/total/tokens/llm_calls").asLong()).isEqualTo(1 + 1 + 2 + 1 + 5 + 6 + 3);
        assertThat(usd(cost.at("/by_model/big"))).isEqualTo("0.009850");
        assertThat(usd(cost.at("/by_model/small"))).isEqualTo("0.000548");
        assertThat(cost.at("/prices_per_million_tokens/big").toString())
                .isEqualTo("{\"input\":2.5,\"cached_input\":1.25,\"output\":10}");
    }

    @Test
    void shouldSplitTheSpendByWhatTheWorkCameTo() {
        JsonNode cost = books().toJson(JSON).path("cost");

        // verified: attempt 2's revision and review ($0.0037 + $0.0002175) and its passing trial (unpriced)
        assertThat(usd(cost.at("/by_work/verified"))).isEqualTo("0.003918");
        assertThat(cost.at("/by_work/verified/unpriced/local/llm_calls").asLong()).isEqualTo(6);
        // rejected blueprints: attempt 1's generation and review, $0.00325 + $0.00033
        assertThat(usd(cost.at("/by_work/rejected_blueprints"))).isEqualTo("0.003580");
        // failed trials: trial 1, unpriced
        assertThat(cost.at("/by_work/failed_trials/usd").isNull()).isTrue();
        assertThat(cost.at("/by_work/failed_trials/unpriced/local/llm_calls").asLong()).isEqualTo(5);
        // dead letters: t-1's failed generation, $0.0029
        assertThat(usd(cost.at("/by_work/dead_letters"))).isEqualTo("0.002900");
        assertThat(usd(cost.at("/by_work/in_flight"))).isEqualTo("0.000000");
        // per task outcome, and per verified trajectory: all spend ($0.0103975) and the verified task's own ($0.0074975)
        assertThat(usd(cost.at("/by_outcome/dead_lettered/by_reason/generation_failed"))).isEqualTo("0.002900");
        assertThat(cost.at("/per_verified_trajectory/usd").decimalValue()).isEqualByComparingTo("0.010398");
        assertThat(cost.at("/per_verified_trajectory/own_usd").decimalValue()).isEqualByComparingTo("0.007498");
    }

    @Test
    void shouldReportSpendWithoutPricesAsUnpricedTokensNeverAsZeroDollars() {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 1, 1L, Map.of(), List.of()), Optional.empty()));
        ledger.onDeadLetter(new DeadLetters("generate", StageHarness.CLOCK).forTask(
                new TaskRequest("t-1", "s", "retail", 0, 1L, Map.of(), null, null), DeadLetterReason.GENERATION_FAILED,
                "garbage", 1, new byte[] {1}, TestUsage.plus(null, FAILED)));

        JsonNode cost = ledger.toJson(JSON).path("cost");

        assertThat(cost.at("/total/usd").isNull()).isTrue();
        assertThat(cost.at("/by_stage/generate/usd").isNull()).isTrue();
        assertThat(cost.at("/per_verified_trajectory/usd").isNull()).isTrue();
        assertThat(cost.at("/total/unpriced/big/prompt_tokens").asLong()).isEqualTo(800);
        // where nothing was spent, nothing is owed: $0 is the truth there
        assertThat(usd(cost.at("/by_work/verified"))).isEqualTo("0.000000");
    }

    @Test
    void shouldPutUsageOfRecordsWithoutBreakdownUnderUnknown() {
        Ledger ledger = new Ledger(3, id -> true, PRICES);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 1, 1L, Map.of(), List.of()), Optional.empty()));
        ledger.onCandidate(blueprint("t-0", 1, TestUsage.legacy(100, 10, 1)));

        JsonNode cost = ledger.toJson(JSON).path("cost");

        assertThat(cost.at("/by_stage/unknown/unpriced/unknown/prompt_tokens").asLong()).isEqualTo(100);
        assertThat(cost.at("/by_outcome/in_flight/tokens/llm_calls").asLong()).isEqualTo(1);
    }
}
