package io.apigenmt.topology.verify;

import io.apigenmt.domains.ToolCall;
import java.util.List;

/**
 * What re-verification needs of one dataset row, whatever its layout: the task (domain,
 * ground-truth actions, expected outputs) and the conversation reduced to the agent's tool calls
 * with their recorded observations and the assistant texts the user saw.
 *
 * @param taskId         the row's task_id, or null
 * @param assistantTexts assistant messages without tool calls, in order (the greeting included if present)
 */
public record DatasetRow(String taskId, String domain, List<ToolCall> actions, List<String> outputs,
                         List<RecordedCall> calls, List<String> assistantTexts) {

    /**
     * @param argumentsJson the call's arguments as the model wrote them (JSON text)
     * @param observation   the tool answer recorded in the row, or null when the row has none
     */
    public record RecordedCall(String name, String argumentsJson, String observation) {}

    public DatasetRow {
        actions = List.copyOf(actions);
        outputs = List.copyOf(outputs);
        calls = List.copyOf(calls);
        assistantTexts = List.copyOf(assistantTexts);
    }
}
