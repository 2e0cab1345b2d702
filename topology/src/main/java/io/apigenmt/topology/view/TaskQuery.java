package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A search of the task browser: text (in the task id or the instruction), domain, a tool the
 * agent called or the ground truth uses, and outcome (verified, dead_lettered, in_flight or a
 * dead letter's reason). Answers one page of short rows; the whole task is {@link #find}.
 */
record TaskQuery(String text, String domain, String tool, String outcome, int offset, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final int INSTRUCTION_CHARS = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** From URL query parameters; absent or blank ones match everything. */
    static TaskQuery of(Map<String, String> params) {
        return new TaskQuery(blankToNull(params.get("q")), blankToNull(params.get("domain")),
                blankToNull(params.get("tool")), blankToNull(params.get("outcome")),
                Math.max(0, integer(params.get("offset"), 0)),
                Math.min(MAX_LIMIT, Math.max(1, integer(params.get("limit"), DEFAULT_LIMIT))));
    }

    ObjectNode answer(List<JsonNode> tasks) {
        List<JsonNode> matching = tasks.stream().filter(this::matches).toList();
        ObjectNode page = NODES.objectNode();
        page.put("total", matching.size());
        page.put("offset", offset);
        ArrayNode items = page.putArray("items");
        matching.stream().skip(offset).limit(limit).map(TaskQuery::row).forEach(items::add);
        return page;
    }

    static Optional<JsonNode> find(List<JsonNode> tasks, String taskId) {
        return tasks.stream().filter(t -> t.path("task_id").asText().equals(taskId)).findFirst();
    }

    boolean matches(JsonNode task) {
        if (domain != null && !domain.equals(task.path("domain").asText())) {
            return false;
        }
        if (tool != null && StreamSupport.stream(task.path("tools").spliterator(), false).noneMatch(n -> tool.equals(n.asText()))) {
            return false;
        }
        if (outcome != null && !outcome.equals(task.path("outcome").asText()) && !outcome.equals(task.path("reason").asText())) {
            return false;
        }
        if (text != null) {
            String needle = text.toLowerCase(Locale.ROOT);
            return task.path("task_id").asText().toLowerCase(Locale.ROOT).contains(needle)
                    || task.path("instruction").asText().toLowerCase(Locale.ROOT).contains(needle);
        }
        return true;
    }

    private static ObjectNode row(JsonNode task) {
        String instruction = task.path("instruction").asText();
        ObjectNode row = NODES.objectNode();
        row.put("task_id", task.path("task_id").asText());
        row.put("domain", task.path("domain").asText());
        row.put("outcome", task.path("outcome").asText());
        row.set("reason", task.get("reason"));
        row.put("attempts", task.path("attempts").asInt());
        row.put("instruction", instruction.length() <= INSTRUCTION_CHARS ? instruction
                : instruction.substring(0, INSTRUCTION_CHARS - 1) + "…");
        row.set("tools", task.get("tools"));
        JsonNode trajectory = task.path("trajectory");
        if (trajectory.isObject()) {
            row.put("trial", trajectory.path("trial").asInt());
            row.put("turns", trajectory.path("messages").size());
        }
        return row;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int integer(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
