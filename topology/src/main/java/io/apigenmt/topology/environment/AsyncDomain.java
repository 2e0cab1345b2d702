package io.apigenmt.topology.environment;

import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A domain as every stage uses it: asynchronous, so that no stream thread ever waits on it. A
 * built-in domain runs in this process ({@link LocalDomain}: every future is already complete); a
 * remote one is any server speaking ENVIRONMENT-PROTOCOL.md (environment.remote). Futures fail
 * with an {@link EnvironmentException} when the environment cannot serve the request.
 *
 * <p>Implementations are thread-safe: one instance serves every stage and task of a worker.
 */
public interface AsyncDomain {

    /** The name seeds use. */
    String name();

    /** Where the domain lives, for messages: "in-process" or the environment's base URL. */
    String location();

    /**
     * The fingerprint of the data the domain runs on when it was given a database
     * ({@code domain_data}); empty for generated data and for remote environments, whose state
     * the environment owns.
     */
    default Optional<String> dataFingerprint() {
        return Optional.empty();
    }

    /** The environment's description (fetched once and kept, for a remote one). */
    CompletableFuture<DomainDescription> describe();

    /** The {@code context} capability: what the generator needs for the task of this seed. */
    CompletableFuture<TaskContext> context(long seed);

    /**
     * The context of the {@code member}-th task of a recombination group about the customer that
     * {@code customerSeed} picks (a protocol extension, see docs/environment-protocol.md).
     */
    CompletableFuture<TaskContext> memberContext(long customerSeed, int member);

    /** A fresh episode on the reference state; close it when done. */
    CompletableFuture<AsyncEpisode> openEpisode();

    /**
     * The {@code policy} capability: every rule the action sequence breaks, given the calls as
     * executed on a fresh episode (in-process checkers read the observations too).
     */
    CompletableFuture<List<PolicyViolation>> checkPolicy(List<ExecutedCall> trace);
}
