package io.apigenmt.domains.python;

/**
 * A Python exception as tau-bench's environment reports it: the message is {@code str(e)}, which
 * the environment shows the agent as {@code Error: <message>} (a {@code KeyError}'s message is the
 * quoted key, e.g. {@code 'flight_number'}).
 */
public final class PyException extends RuntimeException {

    public PyException(String message) {
        // No stack trace: an agent's bad argument is an expected outcome, not a bug.
        super(message, null, false, false);
    }

    static PyException keyError(String key) {
        return new PyException(Py.repr(key));
    }

    static PyException typeError(String message) {
        return new PyException(message);
    }
}
