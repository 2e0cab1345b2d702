package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.environment.OutageRedo;
import io.apigenmt.topology.environment.ProtocolViolation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * How a model-bound stage's unit of work meets its domain's environment, the same in every stage:
 * the domain is described first; while its environment is unavailable the whole unit is redone
 * after a backoff ({@link OutageRedo}), never dead-lettered for it; when the environment breaks
 * the protocol, the unit ends as an {@link DeadLetterReason#ENVIRONMENT_PROTOCOL} dead letter
 * naming the environment and the violation. Other failures are the stage's to route.
 */
public final class EnvironmentWork {

    private EnvironmentWork() {}

    /**
     * @param deadLetter the dead letter that ends the unit, given the violation's message
     */
    public static CompletableFuture<List<Output>> run(OutageRedo redo, AsyncDomain domain,
                                                      Function<DescribedDomain, CompletableFuture<List<Output>>> work,
                                                      Function<String, Output> deadLetter) {
        return redo.run(domain.name(), () -> domain.describe().thenCompose(d -> work.apply(new DescribedDomain(domain, d))))
                .exceptionally(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof ProtocolViolation violation) {
                        return List.of(deadLetter.apply(violation.getMessage()));
                    }
                    throw error instanceof CompletionException c ? c : new CompletionException(cause);
                });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
