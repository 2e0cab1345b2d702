package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ChatResponse;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.TokenUsage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The only test double of the stage tests: a model whose answers are scripted. Every request is
 * recorded, so a test can count calls (e.g. "the committee was not asked"). Answers come back as
 * already completed futures, so a stage's output appears right after the input is piped.
 */
public final class ScriptedChatModel implements ChatModel {

    /** What every scripted answer costs. */
    public static final TokenUsage PER_CALL = new TokenUsage(100, 20, 1);

    private final String name;
    private final Function<ChatRequest, CompletableFuture<ChatResponse>> script;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final Dependency endpoint;

    private ScriptedChatModel(String name, Function<ChatRequest, CompletableFuture<ChatResponse>> script) {
        this(name, script, null);
    }

    private ScriptedChatModel(String name, Function<ChatRequest, CompletableFuture<ChatResponse>> script, Dependency endpoint) {
        this.name = name;
        this.script = script;
        this.endpoint = endpoint;
    }

    @Override
    public Optional<Dependency> dependency() {
        return Optional.ofNullable(endpoint);
    }

    /** Answers with these contents in order; past the end, repeats the last. */
    public static ScriptedChatModel answering(String name, String... contents) {
        AtomicInteger next = new AtomicInteger();
        return replying(name, r -> contents[Math.min(next.getAndIncrement(), contents.length - 1)]);
    }

    /** Answers with the function's content. */
    public static ScriptedChatModel replying(String name, Function<ChatRequest, String> content) {
        return new ScriptedChatModel(name, r -> CompletableFuture.completedFuture(
                new ChatResponse(ChatMessage.assistant(content.apply(r)), name, PER_CALL, "stop")));
    }

    /** Answers with the function's message (tool calls included). */
    public static ScriptedChatModel replyingWith(String name, Function<ChatRequest, ChatMessage> message) {
        return new ScriptedChatModel(name, r -> CompletableFuture.completedFuture(
                new ChatResponse(message.apply(r), name, PER_CALL, "stop")));
    }

    /** Answers with whole messages (tool calls included), in order; past the end, repeats the last. */
    public static ScriptedChatModel messages(String name, ChatMessage... messages) {
        AtomicInteger next = new AtomicInteger();
        return new ScriptedChatModel(name, r -> CompletableFuture.completedFuture(new ChatResponse(
                messages[Math.min(next.getAndIncrement(), messages.length - 1)], name, PER_CALL, "stop")));
    }

    /** Every call fails as the LLM client fails once its retries are spent. */
    public static ScriptedChatModel failing(String name, String message) {
        return new ScriptedChatModel(name, r -> CompletableFuture.failedFuture(
                new LlmException(LlmException.Kind.TRANSPORT, message)));
    }

    /**
     * While {@code endpoint} is down every call fails as the client fails then (UNAVAILABLE, an
     * {@link Unavailable} inside); once it is up, answers with {@code content}.
     */
    public static ScriptedChatModel behind(String name, Dependency endpoint, String content) {
        return new ScriptedChatModel(name, r -> endpoint.unavailable()
                .<CompletableFuture<ChatResponse>>map(down -> CompletableFuture.failedFuture(new LlmException(
                        LlmException.Kind.UNAVAILABLE, down.getMessage(), null, 0, TokenUsage.NONE, down)))
                .orElseGet(() -> CompletableFuture.completedFuture(
                        new ChatResponse(ChatMessage.assistant(content), name, PER_CALL, "stop"))), endpoint);
    }

    /** A model no test expects to be called: it fails loudly if it is. */
    public static ScriptedChatModel unused(String name) {
        return failing(name, name + " was not expected to be called");
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public CompletableFuture<ChatResponse> complete(ChatRequest request) {
        requests.add(request);
        return script.apply(request);
    }

    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public int calls() {
        return requests.size();
    }
}
