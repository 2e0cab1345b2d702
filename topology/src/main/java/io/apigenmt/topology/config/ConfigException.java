package io.apigenmt.topology.config;

/** A configuration problem the user can fix (a bad key or value); the CLI exits 2 with its message. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
