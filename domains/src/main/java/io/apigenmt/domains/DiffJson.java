package io.apigenmt.domains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a {@link DiffPatch} as compact JSON: {@code [{"path":..,"before":..,"after":..}]}. */
final class DiffJson {

    private DiffJson() {}

    static String render(DiffPatch patch) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode out = f.arrayNode();
        for (DiffPatch.Change change : patch.changes()) {
            ObjectNode entry = out.addObject();
            entry.put("path", change.path());
            entry.set("before", orNull(change.before()));
            entry.set("after", orNull(change.after()));
        }
        return out.toString();
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }
}
