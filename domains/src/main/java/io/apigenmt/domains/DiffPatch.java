package io.apigenmt.domains;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The state change between two databases, as the reviewers see it: one entry per changed leaf
 * or record, addressed by a path such as {@code orders/#W1234567/status}.
 */
public record DiffPatch(List<Change> changes) {

    /** {@code before} is null for an added value, {@code after} null for a removed one. */
    public record Change(String path, JsonNode before, JsonNode after) {}

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Compact JSON: [{"path":..,"before":..,"after":..}, ...]. */
    public String toJson() {
        return DiffJson.render(this);
    }
}
