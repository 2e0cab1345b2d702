package io.apigenmt.topology.environment;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import java.util.concurrent.CompletableFuture;

/**
 * One isolated copy of a domain's reference state (ENVIRONMENT-PROTOCOL.md "Episodes"). Calls are
 * made one after another: each after the previous one's future completed. Futures fail only with
 * an {@link EnvironmentException} (or a bug); a tool failure the agent can act on is an
 * {@link Observation} with {@code error} set.
 */
public interface AsyncEpisode {

    /** Runs one tool call; an error observation reads {@code Error: <message>}. */
    CompletableFuture<Observation> call(ToolCall call);

    /** The episode's state now: its hash and its change from the reference state. */
    CompletableFuture<EpisodeState> state();

    /** Releases the episode. Best effort: never fails (an environment drops idle episodes itself). */
    void close();
}
