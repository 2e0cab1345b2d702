package io.apigenmt.topology.cost;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.llm.Tokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A cost figure: the dollars of the priced models' spend, and the spend of unpriced models in
 * tokens beside it (never counted as $0).
 *
 * @param usd      exact dollars of the priced part
 * @param unpriced model to tokens, for models without a price
 * @param priced   false when nothing in it is priced while something was spent: {@link #toJson} writes
 *                 {@code "usd": null} then, so no reader can take an unpriced figure for free
 */
public record Cost(BigDecimal usd, Map<String, Tokens> unpriced, boolean priced) {

    /** Decimal places of the dollar figures reports show (exact sums are kept until then). */
    public static final int SCALE = 6;

    public boolean complete() {
        return unpriced.isEmpty();
    }

    /** This cost shared over {@code n} units (null when there are none or nothing is priced). */
    public BigDecimal per(long n) {
        return n <= 0 || !priced ? null : usd.divide(BigDecimal.valueOf(n), SCALE, RoundingMode.HALF_UP);
    }

    /** {"usd": 0.012345 or null, "unpriced": {model: {prompt_tokens, ...}}} (unpriced only when there is some). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (priced) {
            node.put("usd", usd.setScale(SCALE, RoundingMode.HALF_UP));
        } else {
            node.putNull("usd");
        }
        if (!unpriced.isEmpty()) {
            ObjectNode models = node.putObject("unpriced");
            unpriced.forEach((model, t) -> models.set(model, tokensJson(t)));
        }
        return node;
    }

    /** Tokens as reports write them. */
    public static ObjectNode tokensJson(Tokens t) {
        return JsonNodeFactory.instance.objectNode()
                .put("prompt_tokens", t.promptTokens())
                .put("cached_prompt_tokens", t.cachedPromptTokens())
                .put("completion_tokens", t.completionTokens())
                .put("llm_calls", t.calls());
    }
}
