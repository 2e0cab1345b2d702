package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead-letter page: groups by reason, stage and seed (what one redrive command covers), and
 * every letter with its error and the command that redrives its group.
 */
final class DeadLetterList {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Group(String reason, String stage, String seedId) {}

    private DeadLetterList() {}

    static ObjectNode of(ViewData data) {
        Map<Group, Long> counts = new TreeMap<>(Comparator.comparing(Group::reason).thenComparing(Group::stage)
                .thenComparing(Group::seedId));
        ArrayNode items = NODES.arrayNode();
        List<JsonNode> sorted = data.deadLetters().stream()
                .sorted(Comparator.comparing((JsonNode d) -> d.path("id").asText(), TaskIds.ORDER))
                .toList();
        for (JsonNode d : sorted) {
            Group g = new Group(d.path("reason").asText(), d.path("stage").asText(), d.path("seed_id").asText());
            counts.merge(g, 1L, Long::sum);
            ObjectNode item = NODES.objectNode();
            for (String field : List.of("id", "stage", "reason", "error", "attempts", "seed_id", "domain", "at")) {
                item.set(field, d.get(field));
            }
            item.put("command", Redrive.command(g.reason(), g.stage(), g.seedId(), data.clusterFlags()));
            items.add(item);
        }
        ObjectNode page = NODES.objectNode();
        page.put("total", items.size());
        // A folder does not say which cluster its run used (on the embedded default the dead
        // letters ended with the run): the page then says how to reach them instead of guessing.
        page.put("cluster_known", !data.clusterFlags().isEmpty());
        ArrayNode groups = page.putArray("groups");
        counts.forEach((g, n) -> groups.addObject()
                .put("reason", g.reason())
                .put("stage", g.stage())
                .put("seed_id", g.seedId())
                .put("count", n)
                .put("command", Redrive.command(g.reason(), g.stage(), g.seedId(), data.clusterFlags())));
        page.set("items", items);
        return page;
    }
}
