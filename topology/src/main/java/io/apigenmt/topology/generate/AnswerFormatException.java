package io.apigenmt.topology.generate;

/**
 * A model answer that does not have the shape a role asked for. The message is written for the
 * model: the client sends it back when it re-asks ("your answer ... ; answer again as ...").
 */
public final class AnswerFormatException extends IllegalArgumentException {
    public AnswerFormatException(String message) {
        super(message);
    }
}
