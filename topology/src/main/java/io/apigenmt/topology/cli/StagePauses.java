package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.StageStatus;
import io.apigenmt.topology.health.Pause;
import io.apigenmt.topology.health.PausePolicy;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pauses of a worker's stages while endpoints they need were down, as {@code run} shows
 * them: a note on the progress line, and in report.json {@code paused} (stages paused now) and
 * {@code pauses} (per stage: how often, how long, the units of work held and redone, and each
 * pause with its reasons).
 */
final class StagePauses {

    private final Worker worker;

    StagePauses(Worker worker) {
        this.worker = worker;
    }

    /** " · paused: generate, review (model 'x' at http://...: connection refused)", or "" while nothing waits. */
    String progressNote() {
        Map<String, List<String>> stagesByWhy = new LinkedHashMap<>();
        worker.pauses().forEach((stage, policy) -> policy.current()
                .ifPresent(p -> stagesByWhy.computeIfAbsent(p.describe(), k -> new ArrayList<>()).add(stage)));
        if (stagesByWhy.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        stagesByWhy.forEach((why, stages) -> parts.add(String.join(", ", stages) + " (" + why + ")"));
        return " · paused: " + String.join("; ", parts);
    }

    /** Adds {@code paused} and {@code pauses} to a report. */
    void addTo(ObjectNode report, ObjectMapper json) {
        ObjectNode paused = report.putObject("paused");
        ObjectNode pauses = report.putObject("pauses");
        Map<String, AsyncStats> stats = new LinkedHashMap<>();
        for (Stage stage : worker.stages()) {
            stage.asyncStats().ifPresent(s -> stats.put(stage.name(), s));
        }
        Instant now = Instant.now();
        worker.pauses().forEach((stage, policy) -> {
            policy.current().ifPresent(p -> paused.set(stage, current(p, json)));
            pauses.set(stage, history(policy, Optional.ofNullable(stats.get(stage)), now, json));
        });
    }

    /**
     * {@code paused} from the workers' published status: per stage, since when (the earliest
     * worker), why, the reasons, which workers, and the units of work they hold.
     */
    static ObjectNode fromStatus(List<StageStatus> statuses, ObjectMapper json) {
        ObjectNode paused = json.createObjectNode();
        for (StageStatus s : statuses) {
            if (!s.getPaused()) {
                continue;
            }
            ObjectNode stage = paused.has(s.getStage()) ? (ObjectNode) paused.get(s.getStage()) : paused.putObject(s.getStage());
            Instant since = s.getPausedSince() == null ? Instant.ofEpochMilli(s.getAt()) : Instant.ofEpochMilli(s.getPausedSince());
            if (!stage.has("since") || Instant.parse(stage.get("since").asText()).isAfter(since)) {
                stage.put("since", since.toString());
            }
            addAll(stage.has("why") ? (ArrayNode) stage.get("why") : stage.putArray("why"), s.getWhy());
            addAll(stage.has("reasons") ? (ArrayNode) stage.get("reasons") : stage.putArray("reasons"), s.getReasons());
            (stage.has("workers") ? (ArrayNode) stage.get("workers") : stage.putArray("workers")).add(s.getWorkerId());
            stage.put("units_held", stage.path("units_held").asLong() + s.getUnitsHeld());
        }
        return paused;
    }

    private static void addAll(ArrayNode into, List<String> values) {
        for (String v : values) {
            boolean present = false;
            for (var existing : into) {
                present |= existing.asText().equals(v);
            }
            if (!present) {
                into.add(v);
            }
        }
    }

    /** A pause in progress: since when, why, and the reasons as metric labels. */
    static ObjectNode current(Pause pause, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("since", pause.since().toString());
        ArrayNode why = node.putArray("why");
        pause.why().forEach(d -> why.add(d.problem().message()));
        ArrayNode reasons = node.putArray("reasons");
        pause.reasons().forEach(r -> reasons.add(r.wire()));
        return node;
    }

    private static ObjectNode history(PausePolicy policy, Optional<AsyncStats> stats, Instant now, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("pauses", policy.pauses());
        node.put("paused_seconds", seconds(policy.pausedTotal().toMillis()));
        node.put("units_held", stats.map(AsyncStats::heldTotal).orElse(0L));
        node.put("units_redone", stats.map(AsyncStats::redone).orElse(0L));
        ArrayNode list = node.putArray("history");
        for (Pause p : policy.history()) {
            ObjectNode entry = list.addObject();
            entry.put("since", p.since().toString());
            if (p.until() != null) {
                entry.put("until", p.until().toString());
            }
            entry.put("seconds", seconds(p.length(now).toMillis()));
            ArrayNode why = entry.putArray("why");
            p.why().forEach(d -> why.add(d.problem().message()));
        }
        return node;
    }

    private static double seconds(long millis) {
        return Math.round(millis / 100.0) / 10.0;
    }
}
