package io.apigenmt.topology.llm;

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
}
