package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.state.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to schema-validated tool arguments. Optional schema properties may be absent,
 * hence the defaults.
 */
public record Args(JsonNode json) {

    public String text(String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? "" : value.asText();
    }

    public boolean has(String name) {
        return json.hasNonNull(name);
    }

    public List<String> texts(String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode value : json.path(name)) {
            out.add(value.asText());
        }
        return out;
    }

    public int integer(String name) {
        return json.path(name).asInt();
    }

    public BigDecimal money(String name) {
        return Money.of(json.get(name));
    }

    public JsonNode node(String name) {
        return json.path(name);
    }
}
