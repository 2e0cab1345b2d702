package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.EnvironmentException;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.health.Unavailable;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ChatResponse;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.Tokens;
import io.apigenmt.topology.llm.ToolCallRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One trial: the simulated user and the agent talk over a fresh episode of the domain until the
 * user writes ###STOP###, the agent calls a terminating tool, or the agent's steps run out.
 *
 * <p>Asynchronous throughout: each model answer and each tool call's observation continues the
 * conversation in a callback, so a conversation holds no thread while it waits. The callbacks of
 * one trial run one after the other (each is started by the completion of the previous call),
 * which is what makes the plain message list and the episode safe; only best-of-N candidates run
 * in parallel, and they touch nothing but the usage counter, which is atomic.
 *
 * <p>Tool calls: at most one call per assistant message is executed, the first. Any further call
 * in the same message gets an {@code Error: ...} observation without running, so the agent
 * learns the policy's "one tool call at a time" and the record stays a valid OpenAI exchange
 * (every call answered by a tool message). Text sent together with tool calls is kept in the
 * record but never reaches the user, and does not count for the output check.
 */
final class Episode {

    static final String GREETING = "Hi! How can I help you today?";
    static final String STOP = "###STOP###";

    private static final Pattern SCORE = Pattern.compile("\"score\"\\s*:\\s*\"?(\\d+(?:\\.\\d+)?)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    /**
     * @param state   the episode's final state; null when the conversation broke off
     * @param failure null when the conversation ended normally; else why it broke off (a model
     *                call failed) — the trial then fails without verification
     */
    record Result(List<ChatMessage> messages, EndReason endReason, EpisodeState state, TokenUsage usage, int agentSteps, String failure) {}

    /** What is fixed for every trial of one blueprint. */
    record Setup(RolloutTask task, RolloutConfig config, ChatModel user, ChatModel agent, ChatModel judge,
                 String agentSystemPrompt, String userSystemPrompt, List<JsonNode> tools, RolloutPrompts prompts, ObjectMapper json) {}

    private final Setup setup;
    private AsyncEpisode episode;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.NONE);
    private final long trial;
    private int agentSteps;

    /** @param trial 1-based; sent as the sampling seed so that each trial draws its own conversation */
    Episode(Setup setup, int trial) {
        this.setup = setup;
        this.trial = trial;
    }

    /**
     * Opens a fresh episode, plays the conversation on it and closes it. A failed model call
     * becomes a Result with a failure; only the environment's failures
     * ({@link EnvironmentException}) and a model endpoint that is down ({@link Unavailable}: the
     * rollout is then redone once it answers) fail the future.
     */
    CompletableFuture<Result> play() {
        return setup.task().domain().openEpisode().thenCompose(opened -> {
            episode = opened;
            return converse().whenComplete((result, error) -> opened.close());
        });
    }

    private CompletableFuture<Result> converse() {
        messages.add(ChatMessage.system(setup.agentSystemPrompt()));
        messages.add(ChatMessage.assistant(GREETING));
        CompletableFuture<EndReason> conversation;
        try {
            conversation = userTurn();
        } catch (RuntimeException e) {
            conversation = CompletableFuture.failedFuture(e);
        }
        return conversation.handle((end, error) -> {
            if (error == null) {
                return episode.state().thenApply(state -> new Result(List.copyOf(messages), end, state, usage.get(), agentSteps,
                        null));
            }
            Optional<Unavailable> down = Unavailable.in(error);
            if (down.isPresent()) {
                return CompletableFuture.<Result>failedFuture(down.get());
            }
            if (unwrap(error) instanceof EnvironmentException broken) {
                return CompletableFuture.<Result>failedFuture(broken);
            }
            return CompletableFuture.completedFuture(new Result(List.copyOf(messages), null, null, usage.get(), agentSteps,
                    describe(error)));
        }).thenCompose(next -> next);
    }

    private CompletableFuture<EndReason> userTurn() {
        return userReply().thenCompose(text -> {
            messages.add(ChatMessage.user(text));
            if (text.contains(STOP)) {
                return CompletableFuture.completedFuture(EndReason.USER_STOP);
            }
            return agentTurn();
        });
    }

    private CompletableFuture<EndReason> agentTurn() {
        if (agentSteps >= setup.config().maxAgentSteps()) {
            return CompletableFuture.completedFuture(EndReason.STEP_LIMIT);
        }
        agentSteps++;
        ChatRequest request = ChatRequest.withTools(messages, setup.tools()).withSeed(trial);
        return call("agent", setup.agent(), request).thenCompose(response -> {
            ChatMessage answer = response.message();
            if (answer.hasToolCalls()) {
                return act(answer).thenCompose(ends -> ends ? CompletableFuture.completedFuture(EndReason.TERMINATING_TOOL)
                        : agentTurn());
            }
            messages.add(ChatMessage.assistant(answer.content() == null ? "" : answer.content()).withReasoning(kept(answer)));
            return userTurn();
        });
    }

    /** The agent's reasoning when the rollout keeps it; it is never sent back to a model. */
    private String kept(ChatMessage answer) {
        return setup.config().keepAgentReasoning() ? answer.reasoning() : null;
    }

    /** Records the tool-calling message and its observations; true when the episode ends. */
    private CompletableFuture<Boolean> act(ChatMessage answer) {
        List<ToolCallRequest> calls = new ArrayList<>();
        for (int i = 0; i < answer.toolCalls().size(); i++) {
            ToolCallRequest c = answer.toolCalls().get(i);
            // Some servers omit ids; the record needs them to pair calls with observations.
            String id = c.id() == null || c.id().isBlank() ? "call_" + agentSteps + "_" + (i + 1) : c.id();
            calls.add(new ToolCallRequest(id, c.name(), c.argumentsJson()));
        }
        messages.add(ChatMessage.assistantCalls(answer.content(), calls).withReasoning(kept(answer)));
        ToolCallRequest first = calls.get(0);
        return AgentToolCalls.execute(episode, first.name(), first.argumentsJson(), setup.json()).thenApply(obs -> {
            messages.add(ChatMessage.tool(first.id(), first.name(), obs.content()));
            for (ToolCallRequest c : calls.subList(1, calls.size())) {
                messages.add(ChatMessage.tool(c.id(), c.name(), AgentToolCalls.NOT_EXECUTED.content()));
            }
            Optional<ToolSpec> spec = setup.task().domain().tool(first.name());
            return obs.terminates() || (!obs.error() && spec.map(ToolSpec::terminates).orElse(false));
        });
    }

    // ---- the user side -------------------------------------------------------------------------

    private CompletableFuture<String> userReply() {
        if (!setup.config().bestOfNEnabled()) {
            return call("user", setup.user(), userRequest(null)).thenApply(r -> userText(r));
        }
        ChatRequest request = userRequest(setup.config().candidateTemperature());
        List<CompletableFuture<String>> candidates = new ArrayList<>();
        for (int i = 0; i < setup.config().bestOfN(); i++) {
            candidates.add(call("user", setup.user(), request).thenApply(r -> userText(r)));
        }
        return CompletableFuture.allOf(candidates.toArray(CompletableFuture[]::new))
                .thenCompose(done -> pickBest(candidates.stream().map(CompletableFuture::join).toList()));
    }

    /** The user model's view: its rules and instruction, then the dialogue with roles flipped, tools hidden. */
    private ChatRequest userRequest(Double temperature) {
        List<ChatMessage> view = new ArrayList<>();
        view.add(ChatMessage.system(setup.userSystemPrompt()));
        for (ChatMessage m : messages) {
            if ("assistant".equals(m.role()) && !m.hasToolCalls()) {
                view.add(ChatMessage.user(m.content() == null ? "" : m.content()));
            } else if ("user".equals(m.role())) {
                view.add(ChatMessage.assistant(m.content()));
            }
        }
        return new ChatRequest(view, List.of(), false, temperature, trial);
    }

    private String userText(ChatResponse response) {
        String text = response.message().content();
        if (text == null || text.isBlank()) {
            throw new ModelCallFailed("user", setup.user().model(), "returned an empty reply", null);
        }
        return text.strip();
    }

    /** Scores every candidate in parallel; the highest wins, the earliest on a tie. */
    private CompletableFuture<String> pickBest(List<String> candidates) {
        String transcript = transcript();
        List<CompletableFuture<Double>> scores = new ArrayList<>();
        for (String candidate : candidates) {
            ChatRequest request = ChatRequest.json(setup.prompts().judgeMessages(setup.task().instruction(), transcript, candidate));
            // A judge failure only costs the ranking, not the trial: that candidate scores lowest
            // (unless the judge's endpoint is down: then the rollout waits for it).
            scores.add(call("judge", setup.judge(), request).handle((r, t) -> {
                if (t != null) {
                    Unavailable.in(t).ifPresent(down -> {
                        throw down;
                    });
                }
                return t == null ? score(r) : -1.0;
            }));
        }
        return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new)).thenApply(done -> {
            int best = 0;
            for (int i = 1; i < candidates.size(); i++) {
                if (scores.get(i).join() > scores.get(best).join()) {
                    best = i;
                }
            }
            return candidates.get(best);
        });
    }

    private static double score(ChatResponse response) {
        String text = response.message().content();
        if (text == null) {
            return -1;
        }
        Matcher m = SCORE.matcher(text);
        if (!m.find()) {
            m = NUMBER.matcher(text);
            if (!m.find()) {
                return -1;
            }
            return Math.min(10, Double.parseDouble(m.group()));
        }
        return Math.min(10, Double.parseDouble(m.group(1)));
    }

    /** The dialogue as the customer saw it, for the judge. */
    private String transcript() {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            if ("assistant".equals(m.role()) && !m.hasToolCalls()) {
                out.append("agent: ").append(m.content()).append('\n');
            } else if ("user".equals(m.role())) {
                out.append("customer: ").append(m.content()).append('\n');
            }
        }
        return out.toString().strip();
    }

    // ---- model calls ---------------------------------------------------------------------------

    /** One model call: bounded by the call timeout, its usage counted whether it succeeds or not. */
    private CompletableFuture<ChatResponse> call(String role, ChatModel model, ChatRequest request) {
        CompletableFuture<ChatResponse> future;
        try {
            future = model.complete(request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        // copy(): the timeout must complete our view, not the client's own future.
        return future.copy()
                .orTimeout(setup.config().callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        if (cause instanceof LlmException e) {
                            usage.accumulateAndGet(e.usage().attributedTo(model.model()), TokenUsage::plus);
                        }
                        String message = cause instanceof TimeoutException
                                ? "no answer within " + setup.config().callTimeout()
                                : String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                        throw new ModelCallFailed(role, model.model(), message, cause);
                    }
                    if (response == null || response.message() == null) {
                        usage.accumulateAndGet(callUsage(model.model(), null), TokenUsage::plus);
                        throw new ModelCallFailed(role, model.model(), "answered without a message", null);
                    }
                    usage.accumulateAndGet(callUsage(model.model(), response.usage()), TokenUsage::plus);
                    return response;
                });
    }

    /** Every answered call counts once, even when the endpoint reports no usage; charged to the model asked. */
    private static TokenUsage callUsage(String model, TokenUsage reported) {
        TokenUsage once = TokenUsage.of(model, new Tokens(0, 0, 0, 1));
        if (reported == null) {
            return once;
        }
        TokenUsage attributed = reported.attributedTo(model);
        return attributed.calls() > 0 ? attributed : attributed.plus(once);
    }

    private static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ModelCallFailed) {
            return "model error: " + cause.getMessage();
        }
        return "internal error: " + cause;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
