package io.apigenmt.topology.cost;

import io.apigenmt.topology.llm.Tokens;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Tokens spent, per model: what a cost figure is computed from once prices are known. */
public record Spend(Map<String, Tokens> byModel) {

    public static final Spend NONE = new Spend(Map.of());

    public Spend {
        Map<String, Tokens> kept = new TreeMap<>();
        byModel.forEach((model, tokens) -> {
            if (!tokens.isZero()) {
                kept.merge(model, tokens, Tokens::plus);
            }
        });
        byModel = Collections.unmodifiableMap(kept);
    }

    public static Spend of(String model, Tokens tokens) {
        return new Spend(Map.of(model, tokens));
    }

    public Spend plus(Spend other) {
        if (other.byModel.isEmpty()) {
            return this;
        }
        Map<String, Tokens> sum = new TreeMap<>(byModel);
        other.byModel.forEach((model, tokens) -> sum.merge(model, tokens, Tokens::plus));
        return new Spend(sum);
    }

    public Tokens total() {
        return byModel.values().stream().reduce(Tokens.NONE, Tokens::plus);
    }

    /** The part a price is known for in dollars, the rest in tokens. */
    public Cost at(Prices prices) {
        BigDecimal usd = BigDecimal.ZERO;
        Map<String, Tokens> unpriced = new TreeMap<>();
        for (Map.Entry<String, Tokens> e : byModel.entrySet()) {
            var price = prices.of(e.getKey());
            if (price.isPresent()) {
                usd = usd.add(price.get().cost(e.getValue()));
            } else {
                unpriced.put(e.getKey(), e.getValue());
            }
        }
        return new Cost(usd, unpriced, byModel.size() > unpriced.size() || byModel.isEmpty());
    }
}
