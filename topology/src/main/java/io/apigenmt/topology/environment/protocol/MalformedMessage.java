package io.apigenmt.topology.environment.protocol;

/** A protocol message that is not what ENVIRONMENT-PROTOCOL.md says it is; the message names the field and the problem. */
public final class MalformedMessage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedMessage(String message) {
        super(message);
    }
}
