package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.FailedTrial;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Review;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.schemas.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run's output folder made by hand: one verified task whose model text is markup (as an
 * untrusted model may write it) and one dead-lettered task, in the files `run` writes.
 */
final class SampleFolder {

    static final String SEED = "s1";
    static final String VERIFIED = "s1-0";
    static final String DEAD = "s1-1";
    /** Would change the page's title if it ran. */
    static final String MARKUP = "<img src=x onerror=\"document.title='pwned'\"><b>bold?</b>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleFolder() {}

    static Path write(Path dir) throws IOException {
        TaskBook book = new TaskBook(seed -> true);
        Blueprint first = blueprint(VERIFIED, 1, "Cancel my order. " + MARKUP, Usages.of(100L, 10L, 1));
        book.onCandidate(first);
        book.onRetry(new RejectedBlueprint(withUsage(first, Usages.of(160L, 16L, 4)), "policy",
                List.of("cancel_pending_order: the order is not pending"), List.of(), null));
        Blueprint second = blueprint(VERIFIED, 2, "Cancel my pending order #W1. " + MARKUP, Usages.of(220L, 22L, 6));
        book.onCandidate(second);
        JudgeVerdict verdict = JudgeVerdict.newBuilder().setJudge("judge-a").setCorrectness(1).setCompleteness(1)
                .setSatisfaction(1).setCreativity(1).setReflection(MARKUP).build();
        String diff = "[{\"path\":\"orders/#W1/status\",\"before\":\"pending\",\"after\":\"cancelled\"}]";
        book.onVerified(Trajectory.newBuilder()
                .setTaskId(VERIFIED).setDomain("retail").setBlueprint(withUsage(second, Usages.of(900L, 90L, 15)))
                .setMessages(List.of(
                        message("system", "policy"),
                        message("assistant", "Hi! How can I help you today?"),
                        message("user", MARKUP),
                        Message.newBuilder().setRole("assistant").setToolCalls(List.of(
                                new ToolCall("call_1", "cancel_pending_order", "{\"order_id\":\"#W1\"}"))).build(),
                        Message.newBuilder().setRole("tool").setToolCallId("call_1").setName("cancel_pending_order")
                                .setContent("{\"status\":\"cancelled\"}").build(),
                        message("assistant", "Done."),
                        message("user", "###STOP###")))
                .setToolsJson("[]").setSystemPrompt("policy").setTrial(2)
                .setVerification(new Verification("h1", "h1", List.of(), List.of()))
                .setModels(Map.of()).setUsage(Usages.of(900L, 90L, 15))
                .setReview(new Review(diff, List.of(verdict), 1.0, List.of()))
                .setFailedTrials(List.of(new FailedTrial(1, "user_stop", "state mismatch: orders/#W1/status")))
                .build());
        DeadLetter dead = DeadLetter.newBuilder()
                .setId(DEAD).setStage("rollout").setReason("rollout_failed").setError("trial 1: state mismatch")
                .setAttempts(3).setSeedId(SEED).setDomain("retail").setTasks(1).setAt(1_700_000_000_000L)
                .setUsage(Usages.of(50L, 5L, 2)).build();
        book.onDeadLetter(dead);

        Files.createDirectories(dir);
        TaskFile.write(dir.resolve(TaskFile.NAME), book.toJson());
        TaskFile.write(dir.resolve(FolderSource.DEAD_LETTERS), List.of(AvroJson.of(dead)));
        ObjectNode report = JSON.createObjectNode().put("requested", 2).put("verified", 1).put("dead_lettered", 1).put("in_flight", 0);
        report.putObject("stages").putObject("review").put("policy_rejections", 1).put("approvals", 1);
        report.putObject("dead_letters_by_reason").put("rollout_failed", 1);
        report.putObject("llm_usage").put("prompt_tokens", 950).put("completion_tokens", 95).put("llm_calls", 17);
        Files.writeString(dir.resolve(FolderSource.REPORT), report.toString());
        return dir;
    }

    private static Blueprint blueprint(String taskId, int attempt, String instruction, Usage usage) {
        return Blueprint.newBuilder()
                .setTaskId(taskId).setSeedId(SEED).setDomain("retail").setAttempt(attempt).setUserId("u1")
                .setInstruction(instruction)
                .setActions(List.of(new Action("cancel_pending_order", "{\"order_id\":\"#W1\"}")))
                .setOutputs(List.of()).setGeneratorModel("gen").setUsage(usage)
                .build();
    }

    private static Blueprint withUsage(Blueprint b, Usage usage) {
        return Blueprint.newBuilder(b).setUsage(usage).build();
    }

    private static Message message(String role, String content) {
        return Message.newBuilder().setRole(role).setContent(content).build();
    }
}
