package io.apigenmt.domains;

/**
 * What a tool call returns to the agent: JSON text for data, {@code "Error: ..."} for a failed
 * call. Environments never throw to their caller.
 *
 * @param terminates true when the call ends the episode (transfer_to_human_agents)
 */
public record Observation(String content, boolean error, boolean terminates) {

    public static Observation ok(String content) {
        return new Observation(content, false, false);
    }

    public static Observation error(String message) {
        return new Observation("Error: " + message, true, false);
    }

    public static Observation terminating(String content) {
        return new Observation(content, false, true);
    }
}
