package io.apigenmt.topology.cli;

import io.apigenmt.schemas.JsonSafeLong;

/** A bad flag value found after parsing (e.g. an unreadable config file); exits 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    /** A long flag whose value ends up in records must fit in 53 bits (JSON and JavaScript clients). */
    static void requireJsonSafe(String flag, long value) {
        if (!JsonSafeLong.isSafe(value)) {
            throw new UsageException(flag + " must be within +-" + JsonSafeLong.MAX
                    + " (53 bits: JSON and JavaScript clients of the topics keep it exactly), got " + value);
        }
    }
}
