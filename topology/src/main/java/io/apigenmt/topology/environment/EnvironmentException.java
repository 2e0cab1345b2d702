package io.apigenmt.topology.environment;

/**
 * Why an environment could not serve a unit of work. Closed: the environment is
 * {@link EnvironmentUnavailable unavailable} (the unit is redone later, never dead-lettered for
 * it), or it {@link ProtocolViolation broke the protocol} (the unit becomes a dead letter naming
 * the environment and the violation).
 */
public abstract sealed class EnvironmentException extends RuntimeException
        permits EnvironmentUnavailable, ProtocolViolation {

    private static final long serialVersionUID = 1L;

    private final String environment;

    EnvironmentException(String environment, String message, Throwable cause) {
        super(message, cause);
        this.environment = environment;
    }

    /** The environment's name (the domain name seeds use). */
    public String environment() {
        return environment;
    }
}
