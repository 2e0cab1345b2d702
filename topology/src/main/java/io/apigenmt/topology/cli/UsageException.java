package io.apigenmt.topology.cli;

/** A bad flag value found after parsing (e.g. an unreadable config file); exits 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
