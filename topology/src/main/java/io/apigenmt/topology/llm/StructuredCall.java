package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A JSON-answer exchange with a model: ask, extract the JSON ({@link JsonExtraction}), parse
 * it ({@link JsonAnswerParser}); on failure re-ask with the model's own answer and the error,
 * at most {@code maxReasks} times; then fail with {@link LlmException.Kind#MALFORMED_ANSWER},
 * which a stage turns into a retry record or a dead letter. Transport-level failures of any
 * call end the exchange with that call's {@link LlmException}. Either way the exception
 * carries the tokens already spent ({@link LlmException#usage()}), charged to the model asked.
 *
 * <pre>
 * StructuredCall.completeJson(roles.generator(), ChatRequest.json(messages),
 *         node -> mapper.treeToValue(node, BlueprintDraft.class), 2)
 *     .thenApply(s -> ... s.value() ... s.usage() ...);
 * </pre>
 */
public final class StructuredCall {

    private static final int ANSWER_EXCERPT = 300;

    private StructuredCall() {
    }

    public static <T> CompletableFuture<Structured<T>> completeJson(ChatModel model, ChatRequest request,
                                                                  JsonAnswerParser<T> parser, int maxReasks) {
        return completeJson(model, request, parser, maxReasks, LlmMetrics.NOOP);
    }

    public static <T> CompletableFuture<Structured<T>> completeJson(ChatModel model, ChatRequest request,
                                                                  JsonAnswerParser<T> parser, int maxReasks,
                                                                  LlmMetrics metrics) {
        if (maxReasks < 0) {
            throw new IllegalArgumentException("maxReasks must be >= 0");
        }
        CompletableFuture<Structured<T>> result = new CompletableFuture<>();
        new Exchange<>(model, parser, maxReasks, metrics, new JsonExtraction(), result).ask(request, TokenUsage.NONE, 1);
        return result;
    }

    private record Exchange<T>(ChatModel model, JsonAnswerParser<T> parser, int maxReasks, LlmMetrics metrics,
                               JsonExtraction extraction, CompletableFuture<Structured<T>> result) {

        void ask(ChatRequest request, TokenUsage spent, int attempt) {
            CompletableFuture<ChatResponse> call;
            try {
                call = model.complete(request);
            } catch (RuntimeException e) {
                result.completeExceptionally(LlmException.from(e).withUsage(spent));
                return;
            }
            call.whenComplete((response, error) -> {
                if (error != null) {
                    LlmException e = LlmException.from(error);
                    TokenUsage lost = e.usage().attributedTo(model.model());
                    result.completeExceptionally(spent.equals(TokenUsage.NONE) && lost.equals(e.usage()) ? e
                            : e.withUsage(spent.plus(lost)));
                    return;
                }
                TokenUsage total = spent.plus(response.usage().attributedTo(model.model()));
                String content = response.message().content();
                String problem;
                try {
                    JsonNode json = extraction.extract(content);
                    T value = parser.parse(json);
                    result.complete(new Structured<>(value, total, attempt, response));
                    return;
                } catch (JsonExtraction.NoJsonException e) {
                    problem = e.getMessage();
                } catch (Exception e) {
                    problem = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                }
                boolean reask = attempt <= maxReasks;
                metrics.answerRejected(model.model(), reask);
                if (!reask) {
                    result.completeExceptionally(new LlmException(LlmException.Kind.MALFORMED_ANSWER,
                            "model " + model.model() + " gave no usable JSON answer in " + attempt + " attempt"
                                    + (attempt == 1 ? "" : "s") + ": " + problem + "; last answer: "
                                    + OpenAiCodec.truncate(content, ANSWER_EXCERPT), null, 0, total, null));
                    return;
                }
                List<ChatMessage> messages = new ArrayList<>(request.messages());
                messages.add(ChatMessage.assistant(content == null ? "" : content));
                messages.add(ChatMessage.user("Your previous answer could not be used: " + problem
                        + ". Reply again with only the corrected JSON object, no other text."));
                ask(request.withMessages(messages), total, attempt + 1);
            });
        }
    }
}
