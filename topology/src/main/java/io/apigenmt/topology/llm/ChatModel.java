package io.apigenmt.topology.llm;

import io.apigenmt.topology.health.Dependency;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One configured model endpoint playing one role (generator, a judge, summarizer, user, agent).
 * Calls are asynchronous; the future fails with an {@link LlmException} after the client's
 * retries are spent, never with a raw transport exception.
 */
public interface ChatModel {

    /** The model name as configured (what the endpoint is asked for); safe to log and record. */
    String model();

    CompletableFuture<ChatResponse> complete(ChatRequest request);

    /**
     * The health of the endpoint serving this model, which the stages calling it pause on; empty
     * when it is not tracked (test doubles). While it is down, calls fail at once with
     * {@link LlmException.Kind#UNAVAILABLE}.
     */
    default Optional<Dependency> dependency() {
        return Optional.empty();
    }
}
