package io.apigenmt.topology.cost;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The prices the configuration declares ({@code cost.prices}), keyed by model name as the
 * roles' {@code model} settings spell it. There is no built-in table: a model without an entry
 * is unpriced, and its spend is reported in tokens, never as $0.
 */
public record Prices(Map<String, ModelPrice> byModel) {

    public static final Prices NONE = new Prices(Map.of());

    public Prices {
        byModel = java.util.Collections.unmodifiableMap(new TreeMap<>(byModel));
    }

    public Optional<ModelPrice> of(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    public boolean isEmpty() {
        return byModel.isEmpty();
    }
}
