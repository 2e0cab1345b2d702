package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.schemas.Action;
import io.apigenmt.topology.given.GivenTaskFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The given tasks (a tasks file) sim-llm was told about, so its simulated user can play them.
 * A given task's instruction is prose (tau-bench's {@code "You are Yusuf Rossi in 19122. You want
 * to exchange..."}), which a real user model reads and sim-llm cannot; for an instruction it
 * knows, the simulated user plays the task's ground truth instead: the user's identity from the
 * database, then each write (and a final transfer) in its phrasebook ({@link SimInstructions}),
 * then the expected outputs. Reads in the ground truth are left to the agent, as in tau-bench.
 * The simulated agent is unchanged: it acts on what the user says. An instruction it does not know
 * is played as written (the user can then rarely say what it wants, and the rollout fails).
 */
public final class SimTaskBook {

    private static final SimTaskBook EMPTY = new SimTaskBook(Map.of());

    private final Map<String, String> playable;

    private SimTaskBook(Map<String, String> playable) {
        this.playable = Map.copyOf(playable);
    }

    public static SimTaskBook empty() {
        return EMPTY;
    }

    /** The tasks, their users looked up in {@code domains} (the data the pipeline runs on). */
    public static SimTaskBook of(List<GivenTaskFile.Line> tasks, DomainRegistry domains, ObjectMapper json) {
        SimInstructions instructions = new SimInstructions(json);
        Map<String, String> playable = new HashMap<>();
        for (GivenTaskFile.Line line : tasks) {
            Optional<Domain> domain = domains.find(line.domain());
            if (domain.isEmpty()) {
                continue;
            }
            String userId = line.task().getUserId();
            TaskContext context = new TaskContext(userId, user(domain.get(), userId, json), null, List.of(), List.of());
            List<ToolCall> spoken = line.task().getActions().stream()
                    .filter(a -> domain.get().tool(a.getName()).map(t -> t.isWrite() || t.terminates()).orElse(false))
                    .map(a -> call(a, json))
                    .toList();
            // The first task of an instruction wins when a file repeats one.
            playable.putIfAbsent(line.task().getInstruction().strip(), instructions.build(context, spoken, line.task().getOutputs()));
        }
        return new SimTaskBook(playable);
    }

    /** The instruction the simulated user plays: the phrasebook form of a known given task, else {@code instruction}. */
    public String playable(String instruction) {
        return playable.getOrDefault(instruction.strip(), instruction);
    }

    /** The user's record as the agent's get_user_details would show it; null when there is none. */
    private static JsonNode user(Domain domain, String userId, ObjectMapper json) {
        if (domain.tool("get_user_details").map(ToolSpec::isWrite).orElse(true)) {
            return null;
        }
        Observation seen = domain.newEnvironment().execute(new ToolCall("get_user_details",
                json.createObjectNode().put("user_id", userId)));
        if (seen.error()) {
            return null;
        }
        try {
            return json.readTree(seen.content());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ToolCall call(Action action, ObjectMapper json) {
        try {
            return new ToolCall(action.getName(), json.readTree(action.getArgumentsJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a given task's arguments are JSON (checked when the file was read)", e);
        }
    }
}
