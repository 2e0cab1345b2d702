package io.apigenmt.topology.rollout;

import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ChatResponse;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.ToolCallRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test double: answers come from a function of the request; every request is recorded. */
final class ScriptedModel implements ChatModel {

    static final TokenUsage PER_CALL = new TokenUsage(10, 5, 1);

    private final String name;
    private final Function<ChatRequest, CompletableFuture<ChatResponse>> answers;
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    private ScriptedModel(String name, Function<ChatRequest, CompletableFuture<ChatResponse>> answers) {
        this.name = name;
        this.answers = answers;
    }

    /** Answers with the function's message, at {@link #PER_CALL} usage. */
    static ScriptedModel replying(String name, Function<ChatRequest, ChatMessage> script) {
        return new ScriptedModel(name, r -> CompletableFuture.completedFuture(
                new ChatResponse(script.apply(r), name, PER_CALL, "stop")));
    }

    /** Answers with the given messages in order; past the end, repeats the last one. */
    static ScriptedModel sequence(String name, ChatMessage... messages) {
        int[] next = {0};
        return replying(name, r -> messages[Math.min(next[0]++, messages.length - 1)]);
    }

    static ScriptedModel raw(String name, Function<ChatRequest, CompletableFuture<ChatResponse>> answers) {
        return new ScriptedModel(name, answers);
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public CompletableFuture<ChatResponse> complete(ChatRequest request) {
        requests.add(request);
        return answers.apply(request);
    }

    static ChatMessage say(String text) {
        return ChatMessage.assistant(text);
    }

    static ChatMessage call(String tool, String argumentsJson) {
        return ChatMessage.assistantCalls(null, List.of(new ToolCallRequest("call_" + tool, tool, argumentsJson)));
    }
}
