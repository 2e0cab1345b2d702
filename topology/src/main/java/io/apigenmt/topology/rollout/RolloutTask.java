package io.apigenmt.topology.rollout;

import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.DescribedDomain;
import java.util.List;
import java.util.Objects;

/**
 * The part of an approved blueprint a rollout needs (the stage maps its Avro record to this).
 *
 * @param persona may be null: the user prompt then says there is none
 * @param actions the ground-truth write actions, replayed for the expected state
 * @param outputs strings the agent must tell the user; may be empty
 */
public record RolloutTask(DescribedDomain domain, String instruction, String persona, List<ToolCall> actions, List<String> outputs) {

    public RolloutTask {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(instruction, "instruction");
        actions = actions == null ? List.of() : List.copyOf(actions);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
