package io.apigenmt.topology.environment;

/**
 * The environment answered, but not as ENVIRONMENT-PROTOCOL.md says: a body that is not JSON, a
 * missing field or one of the wrong type, a status the protocol does not allow there. Redoing
 * the unit would meet the same answer, so it ends as a dead letter naming the environment and
 * what it broke.
 */
public final class ProtocolViolation extends EnvironmentException {

    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String environment, String message) {
        super(environment, message, null);
    }
}
