package io.apigenmt.topology.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.fanout.FanoutStage;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.health.PausePolicy;
import io.apigenmt.topology.llm.ModelRoles;
import io.apigenmt.topology.pipeline.Budget;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageMetrics;
import io.apigenmt.topology.pipeline.StageRunner;
import io.apigenmt.topology.recombine.RecombineStage;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One worker process's share of the pipeline: the selected stages, each its own Kafka Streams
 * application, sharing the role models (one HTTP client, per-endpoint limits) and metrics.
 * Start more workers with the same settings to share the partitions.
 */
public final class Worker implements AutoCloseable {

    /** Every stage, in flow order. */
    public static final List<String> STAGES = List.of(
            FanoutStage.NAME, GenerateStage.NAME, ReviewStage.NAME, RegenerateStage.NAME, RecombineStage.NAME,
            RolloutStage.NAME);

    private static final Map<String, Function<StageContext, Stage>> FACTORIES = Map.of(
            FanoutStage.NAME, FanoutStage::new,
            GenerateStage.NAME, GenerateStage::new,
            ReviewStage.NAME, ReviewStage::new,
            RegenerateStage.NAME, RegenerateStage::new,
            RecombineStage.NAME, RecombineStage::new,
            RolloutStage.NAME, RolloutStage::new);

    private final StageRunner runner;
    private final List<Stage> stages = new ArrayList<>();

    public Worker(PipelineConfig config, Set<String> stageNames, String workerId, boolean staticMembership,
                  SchemaRegistryClient registry, Domains domains, ModelRoles models, StageMetrics metrics) {
        this(config, stageNames, workerId, staticMembership, registry, domains, models, metrics, Budget.UNLIMITED);
    }

    /** @param budget whether new work may start (cost.max_usd), shared by the stages */
    public Worker(PipelineConfig config, Set<String> stageNames, String workerId, boolean staticMembership,
                  SchemaRegistryClient registry, Domains domains, ModelRoles models, StageMetrics metrics,
                  Budget budget) {
        StageContext ctx = new StageContext(config, config.topics(), registry, domains, models,
                new ObjectMapper(), Clock.systemUTC(), metrics, budget);
        for (String name : STAGES) {
            if (stageNames.contains(name)) {
                stages.add(FACTORIES.get(name).apply(ctx));
            }
        }
        this.runner = new StageRunner(config, workerId, staticMembership);
    }

    /**
     * Parses a {@code --stages} value: {@code all} or a comma-separated subset of {@link #STAGES}.
     *
     * @throws IllegalArgumentException naming the unknown stage
     */
    public static Set<String> parseStages(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("all")) {
            return new LinkedHashSet<>(STAGES);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (!STAGES.contains(name)) {
                throw new IllegalArgumentException("unknown stage '" + part.strip() + "'; stages are all or "
                        + String.join(",", STAGES));
            }
            chosen.add(name);
        }
        return chosen;
    }

    /**
     * The model roles (by {@link io.apigenmt.topology.llm.LlmSettings#byRole()} label) that the
     * given stages call, for a preflight of just those endpoints: a worker running only review
     * must not wait for the agent's endpoint. The same models each stage names as its
     * {@link Stage#dependencies()} (a test holds the two together).
     */
    public static Set<String> modelRoles(Set<String> stageNames, PipelineConfig config) {
        List<String> judges = config.llm().byRole().keySet().stream().filter(r -> r.startsWith("reviewer-")).toList();
        Set<String> roles = new LinkedHashSet<>();
        if (stageNames.contains(GenerateStage.NAME) || stageNames.contains(RegenerateStage.NAME)
                || stageNames.contains(RecombineStage.NAME)) {
            roles.add("generator");
        }
        if (stageNames.contains(ReviewStage.NAME)) {
            roles.addAll(judges);
        }
        if (stageNames.contains(RegenerateStage.NAME)) {
            roles.add("summarizer");
        }
        if (stageNames.contains(RolloutStage.NAME)) {
            roles.add("user");
            roles.add("agent");
            if (config.rollout().bestOfN() > 1) {
                roles.add(judges.get(0)); // the stabilized user's judge
            }
        }
        return roles;
    }

    public void start() {
        stages.forEach(runner::start);
    }

    public List<Stage> stages() {
        return List.copyOf(stages);
    }

    /** True once every stage's Kafka Streams instance is running (or rebalancing). */
    public boolean healthy() {
        return runner.healthy();
    }

    public Map<String, KafkaStreams.State> states() {
        return runner.states();
    }

    public List<KafkaStreams> streams() {
        return runner.streams();
    }

    /** Each started stage's pause policy (stages that call models), by stage name. */
    public Map<String, PausePolicy> pauses() {
        return runner.pauses();
    }

    @Override
    public void close() {
        runner.close();
    }
}
