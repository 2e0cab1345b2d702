package io.apigenmt.topology.regenerate;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.recombine.Membership;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.Routes;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 4, regenerate (the feedback loop): a summarizer condenses every reason a blueprint was
 * rejected into an improvement plan, and the generator revises the blueprint with it.
 * <ul>
 *   <li>reads {@code blueprints.retry} (key task_id, RejectedBlueprint from review or rollout)</li>
 *   <li>writes {@code blueprints.candidates} (attempt + 1, the plan appended to feedback_history)</li>
 *   <li>writes {@code dead-letters} once the domain's attempt budget is spent:
 *       {@code review_exhausted}, or {@code rollout_failed} when the last rejection came from
 *       rollout; the dead letter carries the rejected record, and with it the whole history</li>
 * </ul>
 * The task's context is re-sampled from its random seed, so the record carries no context.
 */
public final class RegenerateStage extends AsyncStage {

    public static final String NAME = "regenerate";
    static final int MAX_REASKS = 2;

    public RegenerateStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().retry(), List.of(ctx.topics().candidates(), ctx.topics().deadLetters()), new Work(ctx));
    }

    private static final class Work implements AsyncWork {

        private final StageContext ctx;
        private final Topics topics;
        private final AvroWireCodec<RejectedBlueprint> codec;
        private final SummarizerPrompt summarizer;
        private final GeneratorPrompt generator;
        private final Routes routes;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.topics = ctx.topics();
            this.codec = topics.retry().codec(ctx.registry());
            this.summarizer = new SummarizerPrompt(ctx.json());
            this.generator = new GeneratorPrompt(ctx.json());
            this.routes = new Routes(NAME, ctx);
        }

        @Override
        public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
            ctx.metrics().recordIn(NAME);
            RejectedBlueprint rejected;
            try {
                rejected = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return Routes.now(routes.undecodable(input, "RejectedBlueprint", e));
            }
            Blueprint previous = rejected.getBlueprint();
            Optional<Domain> domain = ctx.domains().find(previous.getDomain());
            if (domain.isEmpty()) {
                return Routes.now(drop(rejected, input.value(), "unknown_domain", "unknown domain '" + previous.getDomain() + "'"));
            }
            if (previous.getAttempt() >= ctx.config().attemptBudget(previous.getDomain())) {
                String reason = "rollout".equals(rejected.getStage()) ? "rollout_failed" : "review_exhausted";
                return Routes.now(drop(rejected, input.value(), reason, "attempt budget of "
                        + ctx.config().attemptBudget(previous.getDomain()) + " spent; last rejection ("
                        + rejected.getStage() + "): " + String.join("; ", rejected.getReasons())));
            }
            List<ToolCall> actions = BlueprintActions.of(previous, ctx.json());
            List<String> reasons = new ArrayList<>(rejected.getReasons());
            if (rejected.getRolloutSummary() != null) {
                reasons.add("rollout: " + rejected.getRolloutSummary());
            }
            List<SummarizerPrompt.Critique> critiques = rejected.getJudgeVerdicts().stream()
                    .filter(v -> !v.getAbstained())
                    .map(RegenerateStage::critique)
                    .toList();
            TaskContext context = Membership.context(domain.get().contextSampler(), previous.getRandomSeed(),
                    previous.getOptions());
            BlueprintDraft draft = new BlueprintDraft(previous.getInstruction(), actions, previous.getOutputs());
            return StructuredCall.completeJson(ctx.models().summarizer(),
                            summarizer.request(previous.getInstruction(), actions, previous.getOutputs(), reasons, critiques),
                            node -> summarizer.parse(node.toString()), MAX_REASKS)
                    .thenCompose(plan -> StructuredCall.completeJson(ctx.models().generator(),
                                    generator.revision(domain.get(), context, draft, plan.value()),
                                    node -> GenerateStage.parseDraft(generator, node.toString()), MAX_REASKS)
                            .exceptionally(error -> {
                                // The summarizer's call was paid too: keep it on the dead letter.
                                LlmException failed = LlmException.from(error);
                                throw failed.withUsage(plan.usage().plus(failed.usage()));
                            })
                            .thenApply(revised -> {
                                List<String> history = new ArrayList<>(previous.getFeedbackHistory());
                                history.add(plan.value());
                                Blueprint next = GenerateStage.toBlueprint(revised.value(), Blueprint.newBuilder(previous)
                                        .setAttempt(previous.getAttempt() + 1)
                                        .setGeneratorModel(ctx.models().generator().model())
                                        .setFeedbackHistory(history)
                                        .setUsage(Usages.add(previous.getUsage(), plan.usage().plus(revised.usage()))));
                                ctx.metrics().recordOut(NAME, "candidate");
                                return List.of(Routed.to(topics.candidates().name(), next.getTaskId(), next));
                            }));
        }

        @Override
        public List<Routed> onFailure(Record<String, byte[]> input, Throwable cause) {
            try {
                RejectedBlueprint rejected = codec.deserialize(input.value());
                TokenUsage spent = LlmException.from(cause).usage();
                rejected.getBlueprint().setUsage(Usages.add(rejected.getBlueprint().getUsage(), spent));
                return drop(rejected, input.value(), "regeneration_failed", "revision failed: " + cause.getMessage());
            } catch (RuntimeException e) {
                return routes.undecodable(input, "RejectedBlueprint", e);
            }
        }

        private List<Routed> drop(RejectedBlueprint rejected, byte[] payload, String reason, String error) {
            Blueprint b = rejected.getBlueprint();
            return routes.deadLetter(b.getTaskId(), routes.deadLetters().forBlueprint(b, reason, error, payload));
        }
    }

    private static SummarizerPrompt.Critique critique(JudgeVerdict v) {
        return new SummarizerPrompt.Critique(v.getJudge(), v.getReflection(), v.getCorrection());
    }
}
