package io.apigenmt.topology.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.cost.Cost;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.cost.Spend;
import io.apigenmt.topology.llm.Tokens;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The spend of every task, kept in tokens per (stage, model, work outcome, task outcome) so any
 * view of it can be priced when the report is written: a task's {@link Charge} is added when the
 * ledger first learns of it and replaced whenever a later record of the task arrives.
 */
final class SpendBook {

    private record Cell(Charge.Part part, String outcome) {}

    private final Map<Cell, Tokens> cells = new HashMap<>();

    void replace(Charge before, Charge after) {
        if (before != null) {
            before.parts().forEach((part, t) -> cells.computeIfPresent(new Cell(part, before.outcome()), (c, have) -> {
                Tokens left = minus(have, t);
                return left.isZero() ? null : left;
            }));
        }
        if (after != null) {
            after.parts().forEach((part, t) -> cells.merge(new Cell(part, after.outcome()), t, Tokens::plus));
        }
    }

    /** Everything spent, per model. */
    Spend total() {
        return group(c -> "").getOrDefault("", Spend.NONE);
    }

    /** What tasks that ended (verified or dead-lettered) spent: the usage of their terminal records. */
    Tokens terminal() {
        return cells.entrySet().stream().filter(e -> !Charge.IN_FLIGHT.equals(e.getKey().outcome()))
                .map(Map.Entry::getValue).reduce(Tokens.NONE, Tokens::plus);
    }

    /**
     * The report's {@code cost}: the prices used; the total; the spend per stage, per model, per
     * work outcome and per task outcome (dead letters per reason); per verified trajectory, all
     * spend included and the verified tasks' own. Dollars where a price is known, tokens always.
     */
    ObjectNode toJson(Prices prices, long verified) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("currency", "USD");
        ObjectNode used = root.putObject("prices_per_million_tokens");
        prices.byModel().forEach((model, price) -> used.putObject(model)
                .put("input", price.input()).put("cached_input", price.cachedInput()).put("output", price.output()));
        Spend total = total();
        root.set("total", cell(total, prices));
        ObjectNode stages = root.putObject("by_stage");
        group(c -> c.part().stage()).forEach((stage, s) -> stages.set(stage, cell(s, prices)));
        ObjectNode models = root.putObject("by_model");
        group(c -> c.part().model()).forEach((model, s) -> models.set(model, cell(s, prices)));
        ObjectNode work = root.putObject("by_work");
        Map<String, Spend> byWork = group(c -> c.part().work().key());
        for (WorkOutcome w : WorkOutcome.values()) {
            work.set(w.key(), cell(byWork.getOrDefault(w.key(), Spend.NONE), prices));
        }
        ObjectNode outcomes = root.putObject("by_outcome");
        Map<String, Spend> byOutcome = group(Cell::outcome);
        Spend own = byOutcome.getOrDefault(Charge.VERIFIED, Spend.NONE);
        outcomes.set(Charge.VERIFIED, cell(own, prices));
        Spend dead = Spend.NONE;
        ObjectNode reasons = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Spend> e : new TreeMap<>(byOutcome).entrySet()) {
            if (!Charge.VERIFIED.equals(e.getKey()) && !Charge.IN_FLIGHT.equals(e.getKey())) {
                dead = dead.plus(e.getValue());
                reasons.set(e.getKey(), cell(e.getValue(), prices));
            }
        }
        outcomes.set("dead_lettered", cell(dead, prices).set("by_reason", reasons));
        outcomes.set(Charge.IN_FLIGHT, cell(byOutcome.getOrDefault(Charge.IN_FLIGHT, Spend.NONE), prices));
        ObjectNode perVerified = root.putObject("per_verified_trajectory");
        perVerified.put("usd", total.at(prices).per(verified));
        perVerified.put("own_usd", own.at(prices).per(verified));
        TreeSet<String> unpriced = new TreeSet<>(total.byModel().keySet());
        unpriced.removeIf(model -> prices.of(model).isPresent());
        root.putArray("unpriced_models").addAll(unpriced.stream().map(JsonNodeFactory.instance::textNode).toList());
        return root;
    }

    private static ObjectNode cell(Spend spend, Prices prices) {
        Cost cost = spend.at(prices);
        ObjectNode node = cost.toJson();
        node.set("tokens", Cost.tokensJson(spend.total()));
        return node;
    }

    private Map<String, Spend> group(Function<Cell, String> key) {
        Map<String, Spend> out = new TreeMap<>();
        cells.forEach((cell, t) -> out.merge(key.apply(cell), Spend.of(cell.part().model(), t), Spend::plus));
        return out;
    }

    private static Tokens minus(Tokens a, Tokens b) {
        return new Tokens(Math.max(0, a.promptTokens() - b.promptTokens()),
                Math.max(0, a.cachedPromptTokens() - b.cachedPromptTokens()),
                Math.max(0, a.completionTokens() - b.completionTokens()), Math.max(0, a.calls() - b.calls()));
    }
}
