package io.apigenmt.domains.tools;

/**
 * Why a tool call is refused (unknown id, wrong status, ...), in the words the agent sees after
 * {@code Error: }. Thrown by tool code and turned into an error observation by the environment, so
 * callers of an environment never see it.
 */
public final class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        // No stack trace: a refused call is an expected outcome, not a bug, and is frequent.
        super(message, null, false, false);
    }
}
