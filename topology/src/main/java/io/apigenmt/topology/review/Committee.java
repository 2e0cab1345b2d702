package io.apigenmt.topology.review;

import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.topology.health.Unavailable;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Review Stage 2: asks every judge at once and collects their verdicts. A judge whose answer
 * cannot be obtained or parsed abstains; it never fails the review — unless its endpoint is down
 * ({@link Unavailable}): then the hearing fails with it, and the review is redone when the
 * endpoint answers.
 */
public final class Committee {

    /** Re-asks of a judge whose answer does not parse before it counts as an abstention. */
    static final int MAX_REASKS = 1;

    /** Every judge's verdict, in committee order, and what asking them cost. */
    public record Hearing(List<JudgeVerdict> verdicts, TokenUsage usage) {}

    private final List<ChatModel> judges;
    private final JudgePrompt prompt;

    public Committee(List<ChatModel> judges, JudgePrompt prompt) {
        this.judges = List.copyOf(judges);
        this.prompt = prompt;
    }

    public int size() {
        return judges.size();
    }

    public CompletableFuture<Hearing> hear(String policy, String instruction, List<ToolCall> actions,
                                          List<String> outputs, String diffPatchJson) {
        ChatRequest request = prompt.request(policy, instruction, actions, outputs, diffPatchJson);
        List<CompletableFuture<Ballot>> ballots = new ArrayList<>();
        for (ChatModel judge : judges) {
            ballots.add(StructuredCall.completeJson(judge, request, node -> prompt.parse(node.toString()), MAX_REASKS)
                    .handle((answer, error) -> {
                        if (error == null) {
                            return new Ballot(verdict(judge.model(), answer.value()), answer.usage());
                        }
                        // A judge whose endpoint is down does not abstain: the review waits for it.
                        Unavailable.in(error).ifPresent(down -> {
                            throw down;
                        });
                        return new Ballot(abstention(judge.model(), error), usageOf(error));
                    }));
        }
        return CompletableFuture.allOf(ballots.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<JudgeVerdict> verdicts = new ArrayList<>();
            TokenUsage usage = TokenUsage.NONE;
            for (CompletableFuture<Ballot> b : ballots) {
                Ballot ballot = b.join();
                verdicts.add(ballot.verdict());
                usage = usage.plus(ballot.usage());
            }
            return new Hearing(verdicts, usage);
        });
    }

    private record Ballot(JudgeVerdict verdict, TokenUsage usage) {}

    private static JudgeVerdict verdict(String judge, JudgeScores s) {
        return JudgeVerdict.newBuilder()
                .setJudge(judge)
                .setAbstained(false)
                .setCorrectness(s.correctness())
                .setCompleteness(s.completeness())
                .setSatisfaction(s.satisfaction())
                .setCreativity(s.creativity())
                .setReflection(s.reflection() == null ? "" : s.reflection())
                .setCorrection(s.correction() == null ? "" : s.correction())
                .build();
    }

    private static JudgeVerdict abstention(String judge, Throwable error) {
        return JudgeVerdict.newBuilder()
                .setJudge(judge)
                .setAbstained(true)
                .setReflection("abstained: " + LlmException.from(error).getMessage())
                .build();
    }

    private static TokenUsage usageOf(Throwable error) {
        return LlmException.from(error).usage();
    }
}
