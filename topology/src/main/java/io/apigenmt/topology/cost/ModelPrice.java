package io.apigenmt.topology.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.config.Kind;
import io.apigenmt.topology.llm.Tokens;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one model costs, in US dollars per million tokens: uncached prompt tokens, prompt tokens
 * read from the server's prompt cache, and completion tokens. Written in a config file as
 * {@code {input: 2.50, cached_input: 1.25, output: 10.00}}, or as the text
 * {@code input=2.50,cached_input=1.25,output=10.00} (environment variables). Without
 * {@code cached_input}, cached tokens cost the input price: a missing discount never makes a
 * figure too low.
 */
public record ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final List<String> FIELDS = List.of("input", "cached_input", "output");

    /** The configuration's type of a price ({@code cost.prices.NAME}). */
    public static final Kind<ModelPrice> KIND = new Kind<>("price", ModelPrice.class, ModelPrice::parse,
            ModelPrice::toString);

    public ModelPrice {
        input = normal(input);
        cachedInput = normal(cachedInput);
        output = normal(output);
    }

    /** 2.50 and 2.5 are one price: equal however they were written. */
    private static BigDecimal normal(BigDecimal price) {
        if (price == null || price.signum() < 0) {
            throw new IllegalArgumentException("prices are numbers >= 0");
        }
        BigDecimal stripped = price.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** What {@code tokens} cost at this price, exactly. */
    public BigDecimal cost(Tokens tokens) {
        long uncached = Math.max(0, tokens.promptTokens() - tokens.cachedPromptTokens());
        return input.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInput.multiply(BigDecimal.valueOf(tokens.cachedPromptTokens())))
                .add(output.multiply(BigDecimal.valueOf(tokens.completionTokens())))
                .divide(MILLION);
    }

    /** As the text form reads: {@code input=2.5,cached_input=1.25,output=10}. */
    @Override
    public String toString() {
        return "input=" + input.toPlainString() + ",cached_input=" + cachedInput.toPlainString() + ",output="
                + output.toPlainString();
    }

    private static ModelPrice parse(JsonNode raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (raw != null && raw.isObject()) {
            raw.properties().forEach(f -> fields.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : null));
        } else if (raw != null && raw.isTextual()) {
            for (String part : raw.asText().split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(usage());
                }
                fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        } else {
            throw new IllegalArgumentException(usage());
        }
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("has an unknown field '" + name + "'; " + usage());
            }
        }
        if (!fields.containsKey("input") || !fields.containsKey("output")) {
            throw new IllegalArgumentException("needs input and output; " + usage());
        }
        BigDecimal in = number(fields.get("input"));
        BigDecimal cached = fields.containsKey("cached_input") ? number(fields.get("cached_input")) : in;
        return new ModelPrice(in, cached, number(fields.get("output")));
    }

    private static BigDecimal number(String text) {
        try {
            BigDecimal value = new BigDecimal(text == null ? "" : text.strip());
            if (value.signum() < 0) {
                throw new IllegalArgumentException("has a negative price; " + usage());
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has a price that is not a number ('" + text + "'); " + usage());
        }
    }

    private static String usage() {
        return "a price is {input: USD, cached_input: USD, output: USD} per million tokens (cached_input optional)";
    }
}
