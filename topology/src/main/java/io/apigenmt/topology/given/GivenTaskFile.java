package io.apigenmt.topology.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.topology.pipeline.BlueprintActions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tasks file: one task per line, as tau-bench's task lists read once converted to JSONL:
 * {@code {"domain", "user_id", "instruction", "actions": [{"name", "kwargs"|"arguments"}], "outputs"}},
 * optional {@code id} (text or number; default: the line number) and {@code persona}; other
 * fields (tau-bench's {@code annotator}) are ignored. Every line is checked before anything is
 * published: a known domain (the line's or the default), the required fields with their types,
 * known tools of that domain, arguments that are JSON objects, ids that do not repeat, and a task
 * small enough to ride on a seed. Whether the actions run on the data is review's execution check.
 */
public final class GivenTaskFile {

    /** One good line: its number, its domain and the task. */
    public record Line(int number, String domain, GivenTask task) {}

    /** The good lines, and one message per bad line ({@code line 7: unknown tool 'refund' in retail}). */
    public record Parsed(List<Line> tasks, List<String> problems) {}

    private final DomainRegistry domains;
    private final ObjectMapper json;
    private final int maxTaskBytes;

    /**
     * @param domains      the domains whose tools the actions must name
     * @param maxTaskBytes the largest task (Avro-encoded) a line may hold
     */
    public GivenTaskFile(DomainRegistry domains, ObjectMapper json, int maxTaskBytes) {
        this.domains = domains;
        this.json = json;
        this.maxTaskBytes = maxTaskBytes;
    }

    /** @param defaultDomain the domain of lines without one; null: every line must name its own */
    public Parsed read(Path file, String defaultDomain) throws IOException {
        List<Line> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    Line line = parse(number, text, defaultDomain);
                    Integer first = ids.putIfAbsent(line.task().getId(), number);
                    if (first != null) {
                        throw new BadLine("id '" + line.task().getId() + "' repeats line " + first);
                    }
                    tasks.add(line);
                } catch (BadLine e) {
                    problems.add("line " + number + ": " + e.getMessage());
                }
            }
        }
        return new Parsed(List.copyOf(tasks), List.copyOf(problems));
    }

    private Line parse(int number, String text, String defaultDomain) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadLine("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadLine("not a JSON object");
        }
        String domainName = node.has("domain") ? text(node, "domain") : defaultDomain;
        if (domainName == null) {
            throw new BadLine("no domain (give \"domain\" on the line, or --domain)");
        }
        Domain domain = domains.find(domainName).orElseThrow(() -> new BadLine("unknown domain '" + domainName
                + "'; known: " + String.join(", ", domains.names())));
        String userId = text(node, "user_id");
        String instruction = text(node, "instruction");
        List<Action> actions = actions(node, domain);
        List<String> outputs = outputs(node);
        GivenTask task = GivenTask.newBuilder()
                .setId(id(node, number))
                .setUserId(userId)
                .setInstruction(instruction)
                .setActions(actions)
                .setOutputs(outputs)
                .setPersona(node.hasNonNull("persona") ? text(node, "persona") : null)
                .build();
        int size = size(task);
        if (size > maxTaskBytes) {
            throw new BadLine("the task takes " + size + " bytes, more than the " + maxTaskBytes + " a seed may carry");
        }
        return new Line(number, domainName, task);
    }

    private List<Action> actions(JsonNode node, Domain domain) {
        JsonNode list = node.get("actions");
        if (list == null || !list.isArray()) {
            throw new BadLine(list == null ? "actions is missing" : "actions is not a list");
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "actions[" + i + "]";
            ToolCall call;
            try {
                call = BlueprintActions.fromJson(list.get(i), json);
            } catch (IllegalArgumentException e) {
                throw new BadLine(at + ": " + e.getMessage());
            }
            if (domain.tool(call.name()).isEmpty()) {
                throw new BadLine(at + ": unknown tool '" + call.name() + "' in " + domain.name());
            }
            if (call.arguments() == null || !call.arguments().isObject()) {
                throw new BadLine(at + " " + call.name() + ": arguments (or kwargs) must be a JSON object");
            }
            actions.add(new Action(call.name(), call.arguments().toString()));
        }
        return actions;
    }

    private static List<String> outputs(JsonNode node) {
        JsonNode list = node.get("outputs");
        if (list == null || !list.isArray()) {
            throw new BadLine(list == null ? "outputs is missing" : "outputs is not a list");
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw new BadLine("outputs[" + i + "] is not a string");
            }
            outputs.add(list.get(i).asText());
        }
        return outputs;
    }

    private static String id(JsonNode node, int number) {
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            return Integer.toString(number);
        }
        if (id.isTextual() && !id.asText().isBlank() || id.isIntegralNumber()) {
            return id.asText();
        }
        throw new BadLine("id must be a string or a whole number");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new BadLine(field + " is missing");
        }
        if (!value.isTextual()) {
            throw new BadLine(field + " is not a string");
        }
        if (value.asText().isBlank()) {
            throw new BadLine(field + " is empty");
        }
        return value.asText();
    }

    /** The task's Avro-encoded size (with the single-object header: an upper bound of its share of a seed). */
    static int size(GivenTask task) {
        try {
            return task.toByteBuffer().remaining();
        } catch (IOException e) {
            throw new IllegalStateException("a given task always encodes", e);
        }
    }

    /** A line that cannot become a task; its message follows {@code line N: }. */
    private static final class BadLine extends RuntimeException {
        BadLine(String message) {
            super(message);
        }
    }
}
