package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the viewer shows, as of one moment.
 *
 * @param source       where it comes from, for the page's header ("folder out/", "cluster host:9092")
 * @param live         true when read from a running cluster (the page refreshes itself)
 * @param report       the ledger JSON of report.json / {@code apigen report}
 * @param tasks        one tasks.jsonl line per task
 * @param deadLetters  every dead letter (dead-letters.jsonl rows or the topic's records)
 * @param clusterFlags the flags a command needs to reach the cluster the data is in; empty
 *                     when that cluster is gone (a run on the embedded broker)
 * @param notes        what is missing from the source, said on the page
 */
public record ViewData(String source, boolean live, JsonNode report, List<JsonNode> tasks, List<JsonNode> deadLetters,
                       List<String> clusterFlags, List<String> notes) {

    public ViewData {
        tasks = List.copyOf(tasks);
        deadLetters = List.copyOf(deadLetters);
        clusterFlags = List.copyOf(clusterFlags);
        notes = List.copyOf(notes);
    }
}
