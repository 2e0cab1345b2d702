package io.apigenmt.topology.health;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a dependency whether it answers, e.g. {@code GET /models} then one tiny request. Must not
 * block the calling thread; the future completes with empty when it answered, or with the
 * problem found. A future that fails counts as {@link Problem.Reason#UNREACHABLE}.
 */
@FunctionalInterface
public interface Probe {

    CompletableFuture<Optional<Problem>> run();
}
