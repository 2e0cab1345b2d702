package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.llm.LlmException;
import java.util.Optional;

/**
 * Whose fault a model failure that ended a task was, as a dead letter's {@code fault} field says:
 * the endpoint's (it failed the exchange while it answered other calls: an HTTP error, a
 * timeout, an unreadable response — usually its configuration: a model without tool support, a
 * too-short timeout), or the answer's (the model answered, never usably). An endpoint that is
 * down is neither: its work waits ({@link io.apigenmt.topology.health.Unavailable}).
 */
public enum ModelFault {

    ENDPOINT("endpoint"),
    ANSWER("answer");

    private static final int MAX_CAUSE_DEPTH = 32;

    private final String wire;

    ModelFault(String wire) {
        this.wire = wire;
    }

    /** The value of a dead letter's {@code fault} field. */
    public String wire() {
        return wire;
    }

    /** The fault of a failure whose cause chain holds an {@link LlmException}; empty for any other failure. */
    public static Optional<ModelFault> of(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (cause instanceof LlmException e && e.kind() != LlmException.Kind.UNAVAILABLE) {
                return Optional.of(e.endpointFault() ? ENDPOINT : ANSWER);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return Optional.empty();
    }

    /** The wire value of {@link #of}, or null. */
    public static String wireOf(Throwable failure) {
        return of(failure).map(ModelFault::wire).orElse(null);
    }
}
