package io.apigenmt.topology.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.export.ThoughtBlock;
import io.apigenmt.topology.pipeline.BlueprintActions;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dataset row of our export layouts (or anyone's with {@code domain}, {@code actions},
 * {@code outputs} and the conversation) into a {@link DatasetRow}. Only tool calls, their
 * observations and assistant texts are read: system and user turns, the greeting and the final
 * {@code ###STOP###} turn may be there or not. Arguments may be JSON text or JSON objects;
 * ground-truth actions may carry {@code arguments} or, as tau-bench's tasks do, {@code kwargs}.
 */
public final class RowReader {

    /** Why a row cannot be read; the message is the reason reported for it. */
    public static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message);
        }
    }

    private final ObjectMapper json;

    public RowReader(ObjectMapper json) {
        this.json = json;
    }

    public DatasetRow read(String line, RowFormat format) {
        JsonNode row;
        try {
            row = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadRow("not valid JSON: " + e.getOriginalMessage());
        }
        if (row == null || !row.isObject()) {
            throw new BadRow("not a JSON object");
        }
        RowFormat actual = format == RowFormat.AUTO ? detect(row) : format;
        String taskId = row.hasNonNull("task_id") ? row.get("task_id").asText() : null;
        JsonNode domain = row.get("domain");
        if (domain == null || !domain.isTextual() || domain.asText().isBlank()) {
            throw new BadRow("no domain");
        }
        List<DatasetRow.RecordedCall> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (actual == RowFormat.OPENAI) {
            readMessages(array(row, "messages", "an openai row needs a messages list"), calls, texts);
        } else {
            readConversations(array(row, "conversations", "a sharegpt row needs a conversations list"), calls, texts);
        }
        return new DatasetRow(taskId, domain.asText(), actions(row), outputs(row), calls, texts);
    }

    private static RowFormat detect(JsonNode row) {
        if (row.path("messages").isArray()) {
            return RowFormat.OPENAI;
        }
        if (row.path("conversations").isArray()) {
            return RowFormat.SHAREGPT;
        }
        throw new BadRow("neither messages (openai) nor conversations (sharegpt)");
    }

    private static JsonNode array(JsonNode row, String field, String problem) {
        JsonNode value = row.get(field);
        if (value == null || !value.isArray()) {
            throw new BadRow(problem);
        }
        return value;
    }

    private void readMessages(JsonNode messages, List<DatasetRow.RecordedCall> calls, List<String> texts) {
        List<String> pendingIds = new ArrayList<>();
        List<Integer> pendingAt = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            if (role.equals("assistant")) {
                JsonNode toolCalls = m.path("tool_calls");
                if (toolCalls.isArray() && !toolCalls.isEmpty()) {
                    for (JsonNode call : toolCalls) {
                        JsonNode function = call.path("function");
                        pendingIds.add(call.path("id").asText(""));
                        pendingAt.add(calls.size());
                        calls.add(new DatasetRow.RecordedCall(name(function), argumentsText(function.get("arguments")), null));
                    }
                } else if (m.hasNonNull("content")) {
                    texts.add(m.get("content").asText());
                }
            } else if (role.equals("tool")) {
                int slot = pendingIds.indexOf(m.path("tool_call_id").asText(""));
                if (slot < 0 && !pendingIds.isEmpty()) {
                    slot = 0; // ids missing: answers come in call order
                }
                if (slot >= 0) {
                    int index = pendingAt.remove(slot);
                    pendingIds.remove(slot);
                    DatasetRow.RecordedCall c = calls.get(index);
                    calls.set(index, new DatasetRow.RecordedCall(c.name(), c.argumentsJson(), m.path("content").asText("")));
                }
            }
        }
    }

    private void readConversations(JsonNode turns, List<DatasetRow.RecordedCall> calls, List<String> texts) {
        int unanswered = -1;
        for (JsonNode turn : turns) {
            String from = turn.path("from").asText();
            // A kept thought block is reasoning: neither something said to the customer nor part of a call.
            String value = ThoughtBlock.strip(turn.path("value").asText(""));
            switch (from) {
                case "gpt" -> texts.add(value);
                case "function_call" -> {
                    JsonNode call;
                    try {
                        call = json.readTree(value);
                    } catch (JsonProcessingException e) {
                        throw new BadRow("a function_call turn is not JSON: " + e.getOriginalMessage());
                    }
                    unanswered = calls.size();
                    calls.add(new DatasetRow.RecordedCall(name(call), argumentsText(call.get("arguments")), null));
                }
                case "observation" -> {
                    if (unanswered >= 0) {
                        DatasetRow.RecordedCall c = calls.get(unanswered);
                        calls.set(unanswered, new DatasetRow.RecordedCall(c.name(), c.argumentsJson(), value));
                        unanswered = -1;
                    }
                }
                default -> {
                    // human turns (the customer's, ###STOP### included) carry nothing to verify
                }
            }
        }
    }

    private static String name(JsonNode call) {
        String name = call.path("name").asText("");
        if (name.isEmpty()) {
            throw new BadRow("a tool call without a name");
        }
        return name;
    }

    /** Arguments as the model's JSON text: a string as it is, an object (hf layout) rendered. */
    private static String argumentsText(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    private List<ToolCall> actions(JsonNode row) {
        JsonNode actions = array(row, "actions", "no actions list (the ground truth)");
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode action : actions) {
            try {
                out.add(BlueprintActions.fromJson(action, json));
            } catch (IllegalArgumentException e) {
                throw new BadRow("ground truth: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> outputs(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.path("outputs").forEach(o -> out.add(o.asText()));
        return out;
    }
}
