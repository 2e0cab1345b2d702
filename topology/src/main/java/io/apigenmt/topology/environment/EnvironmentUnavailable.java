package io.apigenmt.topology.environment;

/**
 * The environment did not answer, answered that it is overloaded or down (429, 502, 503, 504), or
 * no longer knows an episode (404: expired or lost in a restart). Nothing is wrong with the unit of
 * work: it is redone once the environment answers again.
 */
public final class EnvironmentUnavailable extends EnvironmentException {

    private static final long serialVersionUID = 1L;

    public EnvironmentUnavailable(String environment, String message, Throwable cause) {
        super(environment, message, cause);
    }
}
