package io.apigenmt.domains;

/**
 * One live copy of a domain's database with its tools. Not thread-safe: one episode, one
 * thread. Obtain a fresh one from {@link Domain#newEnvironment()}.
 */
public interface Environment {

    /** Executes one call; never throws — failures come back as {@code Error: ...} observations. */
    Observation execute(ToolCall call);

    /** SHA-256 over the canonical rendering of the whole database (sorted keys, stable numbers). */
    StateHash stateHash();

    /**
     * Whether this environment's database equals {@code other}'s, i.e. whether their state hashes
     * are equal. Implementations may answer without hashing.
     */
    default boolean sameState(Environment other) {
        return stateHash().equals(other.stateHash());
    }

    /** What changed from {@code before} (usually a fresh environment) to this one. */
    DiffPatch diffFrom(Environment before);
}
