package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.AsyncEpisode;
import java.util.concurrent.CompletableFuture;

/**
 * How a rollout runs the agent's tool calls on its episode: arguments parsed from the model's
 * JSON text (blank means none; text that is not a JSON object is answered with an error and not
 * run), and only the first call of an assistant message executed, every further one answered with
 * {@link #NOT_EXECUTED}. Re-verification of a dataset replays recorded calls the same way.
 */
public final class AgentToolCalls {

    /** The answer to a second (or later) call in one assistant message: it did not run. */
    public static final Observation NOT_EXECUTED = Observation.error(
            "only one tool call per turn is allowed; this call was not executed, call it in a later turn");

    private AgentToolCalls() {}

    /** Runs one call of the agent, whose arguments are the model's JSON text; unparseable arguments never reach the episode. */
    public static CompletableFuture<Observation> execute(AsyncEpisode episode, String name, String argumentsJson, ObjectMapper json) {
        JsonNode args;
        if (argumentsJson == null || argumentsJson.isBlank()) {
            args = json.createObjectNode();
        } else {
            try {
                args = json.readTree(argumentsJson);
            } catch (JsonProcessingException e) {
                return CompletableFuture.completedFuture(
                        Observation.error("the arguments of " + name + " are not valid JSON: " + e.getOriginalMessage()));
            }
            if (!args.isObject()) {
                return CompletableFuture.completedFuture(Observation.error("the arguments of " + name
                        + " must be a JSON object, got: " + abbreviate(argumentsJson, 80)));
            }
        }
        return episode.call(new ToolCall(name, args));
    }

    /** Whether a recorded observation says its call was never executed (see {@link #NOT_EXECUTED}). */
    public static boolean wasNotExecuted(String recordedObservation) {
        return NOT_EXECUTED.content().equals(recordedObservation);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
