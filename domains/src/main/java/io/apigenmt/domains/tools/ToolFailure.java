package io.apigenmt.domains.tools;

/**
 * Why a tool call is refused (unknown id, wrong status, ...). Thrown by tool code before it
 * mutates anything and turned into an {@code Error: ...} observation by the environment, so
 * callers of an environment never see it.
 */
public final class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        // No stack trace: a refused call is an expected outcome, not a bug, and is frequent.
        super(message, null, false, false);
    }
}
