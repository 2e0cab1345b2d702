package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.dataset.ExportSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The short funnel a run prints at the end, read from the report. */
final class Summary {

    private Summary() {}

    static String of(JsonNode report) {
        JsonNode review = report.path("stages").path("review");
        JsonNode rollout = report.path("stages").path("rollout");
        StringBuilder s = new StringBuilder();
        s.append(String.format("requested %d: verified %d, dead-lettered %d, in flight %d%n",
                report.path("requested").asLong(), report.path("verified").asLong(),
                report.path("dead_lettered").asLong(), report.path("in_flight").asLong()));
        long given = report.path("stages").path("generate").path("given").asLong();
        s.append(String.format("blueprints: generated %d%s, regenerated %d; rejected format %d, execution %d, policy %d, committee %d%n",
                report.path("stages").path("generate").path("generated").asLong(), given > 0 ? ", given " + given : "",
                report.path("stages").path("regenerate").path("regenerations").asLong(),
                review.path("format_rejections").asLong(), review.path("execution_rejections").asLong(),
                review.path("policy_rejections").asLong(), review.path("review_rejections").asLong()));
        s.append(String.format("approved %d (%d first attempt, %d after feedback); rollouts failed %d%n",
                review.path("approvals").asLong(), review.path("approved_first_attempt").asLong(),
                review.path("approved_after_feedback").asLong(), rollout.path("rollout_failures").asLong()));
        long skipped = review.path("policy_checks_skipped").asLong();
        if (skipped > 0) {
            s.append(String.format("policy check skipped for %d approved blueprints: their environment has no policy capability%n",
                    skipped));
        }
        JsonNode recombine = report.path("stages").path("recombine");
        if (recombine.path("combined").asLong() + recombine.path("failed").asLong() > 0) {
            s.append(String.format("recombined %d longer tasks (%d groups could not be combined)%n",
                    recombine.path("combined").asLong(), recombine.path("failed").asLong()));
        }
        JsonNode usage = report.path("llm_usage");
        s.append(String.format("model usage: %d calls, %d prompt (%d cached) + %d completion tokens",
                usage.path("llm_calls").asLong(), usage.path("prompt_tokens").asLong(),
                usage.path("cached_prompt_tokens").asLong(), usage.path("completion_tokens").asLong()));
        s.append(System.lineSeparator()).append(cost(report.path("cost")));
        String paused = paused(report.path("pauses"));
        if (!paused.isEmpty()) {
            s.append(System.lineSeparator()).append(paused);
        }
        JsonNode dead = report.path("dead_letters_by_reason");
        if (dead.size() > 0) {
            s.append(System.lineSeparator()).append("dead letters by reason: ").append(dead);
        }
        return s.toString();
    }

    /**
     * "paused for endpoint outages: generate 61.2 s, review 60.8 s; 37 units of work held and
     * redone; last: model 'x' at http://...: connection refused", or "" when no stage paused.
     */
    static String paused(JsonNode pauses) {
        List<String> stages = new ArrayList<>();
        long held = 0;
        String last = "";
        for (var it = pauses.fields(); it.hasNext(); ) {
            var stage = it.next();
            JsonNode p = stage.getValue();
            if (p.path("pauses").asLong() == 0) {
                continue;
            }
            stages.add(stage.getKey() + " " + p.path("paused_seconds").asDouble() + " s");
            held += p.path("units_held").asLong();
            JsonNode history = p.path("history");
            if (history.size() > 0) {
                last = history.get(history.size() - 1).path("why").path(0).asText("");
            }
        }
        if (stages.isEmpty()) {
            return "";
        }
        return "paused for endpoint outages: " + String.join(", ", stages) + "; " + held
                + " units of work held and redone" + (last.isEmpty() ? "" : "; last: " + last);
    }

    /**
     * "cost: $0.4213 ($0.0210 per verified trajectory); rejected blueprints $0.0712, failed trials
     * $0.0301, dead letters $0.0020" or, without prices, which models are unpriced.
     */
    static String cost(JsonNode cost) {
        JsonNode total = cost.path("total");
        String unpriced = cost.path("unpriced_models").size() == 0 ? ""
                : "unpriced (tokens only): " + String.join(", ", names(cost.path("unpriced_models")));
        if (total.path("usd").isNull() || total.path("usd").isMissingNode()) {
            return "cost: no prices (cost.prices); " + unpriced;
        }
        JsonNode work = cost.path("by_work");
        return String.format("cost: %s (%s per verified trajectory); rejected blueprints %s, failed trials %s, dead letters %s%s",
                usd(total), usd(cost.path("per_verified_trajectory")), usd(work.path("rejected_blueprints")),
                usd(work.path("failed_trials")), usd(work.path("dead_letters")), unpriced.isEmpty() ? "" : "; " + unpriced);
    }

    private static String usd(JsonNode cell) {
        JsonNode usd = cell.path("usd");
        return usd.isNumber() ? "$" + usd.decimalValue().stripTrailingZeros().toPlainString() : "n/a";
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** "40 sharegpt, 40 openai, 40 hf rows (1 rejected, see rejects.jsonl)". */
    static String rows(ExportSummary rows, Path rejects) {
        List<String> parts = new ArrayList<>();
        rows.layouts().forEach((format, r) -> parts.add(r.writtenCount() + " " + format.id()));
        String rejected = rows.rejected() == 0 ? "" : " (" + rows.rejected() + " rejected, see " + rejects + ")";
        return String.join(", ", parts) + " rows" + rejected;
    }
}
