package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The viewer's front page as JSON: the ledger, the funnel, rejections by kind and dead letters by
 * reason, model usage per stage, any cost figures the report carries, and what tasks can be
 * searched by.
 */
final class Overview {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Pipeline order, so the usage table reads like the pipeline. */
    private static final List<String> STAGE_ORDER = List.of("fan-out", "generate", "review", "regenerate", "recombine", "rollout");

    private Overview() {}

    static ObjectNode of(ViewData data) {
        JsonNode report = data.report();
        ObjectNode node = NODES.objectNode();
        node.put("source", data.source());
        node.put("live", data.live());
        ArrayNode notes = node.putArray("notes");
        data.notes().forEach(notes::add);
        ObjectNode ledger = node.putObject("ledger");
        for (String key : List.of("requested", "verified", "dead_lettered", "in_flight")) {
            ledger.put(key, report.path(key).asLong());
        }
        node.set("funnel", Funnel.of(report));
        node.set("rejections_by_kind", Funnel.rejectionsByKind(report));
        node.set("dead_letters_by_reason", report.path("dead_letters_by_reason").isObject()
                ? report.path("dead_letters_by_reason") : NODES.objectNode());
        node.set("domains", report.path("domains"));
        node.set("usage", usage(data));
        node.set("cost", costFields(report));
        node.set("facets", facets(data.tasks()));
        return node;
    }

    /** Per stage from the task histories; the total is the report's (they differ while tasks are in flight). */
    private static ObjectNode usage(ViewData data) {
        Map<String, StageUsage> byStage = new LinkedHashMap<>();
        STAGE_ORDER.forEach(s -> byStage.put(s, StageUsage.NONE));
        for (JsonNode task : data.tasks()) {
            task.path("usage_by_stage").fields().forEachRemaining(e ->
                    byStage.merge(e.getKey(), StageUsage.of(e.getValue()), StageUsage::plus));
        }
        ObjectNode usage = NODES.objectNode();
        ArrayNode stages = usage.putArray("by_stage");
        byStage.forEach((stage, u) -> {
            if (!u.equals(StageUsage.NONE)) {
                stages.add(u.toJson().put("stage", stage));
            }
        });
        usage.set("total", data.report().path("llm_usage"));
        return usage;
    }

    /**
     * Every number in the report whose name speaks of cost or price, by its path: the money
     * ledger adds them; until then the list is empty and the page shows tokens and calls only.
     */
    static ObjectNode costFields(JsonNode report) {
        ObjectNode out = NODES.objectNode();
        collectCosts(report, "", false, out);
        return out;
    }

    private static void collectCosts(JsonNode node, String path, boolean underCost, ObjectNode out) {
        if (node.isNumber() && underCost) {
            out.set(path, node);
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey().toLowerCase(Locale.ROOT);
                boolean cost = underCost || name.contains("cost") || name.contains("price") || name.endsWith("usd");
                collectCosts(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), cost, out);
            }
        }
    }

    private static ObjectNode facets(List<JsonNode> tasks) {
        Set<String> domains = new TreeSet<>();
        Set<String> tools = new TreeSet<>();
        Set<String> outcomes = new TreeSet<>();
        for (JsonNode t : tasks) {
            domains.add(t.path("domain").asText());
            t.path("tools").forEach(n -> tools.add(n.asText()));
            outcomes.add(t.path("outcome").asText());
            if (!t.path("reason").isNull() && !t.path("reason").asText().isEmpty()) {
                outcomes.add(t.path("reason").asText());
            }
        }
        ObjectNode facets = NODES.objectNode();
        facets.put("tasks", tasks.size());
        domains.forEach(facets.putArray("domains")::add);
        tools.forEach(facets.putArray("tools")::add);
        outcomes.forEach(facets.putArray("outcomes")::add);
        return facets;
    }
}
