package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.llm.ModelRoles;
import java.time.Clock;

/** What every stage of a worker shares: settings, topics, registry, domains (in process or remote), models and the budget. */
public record StageContext(
        PipelineConfig config,
        Topics topics,
        SchemaRegistryClient registry,
        Domains domains,
        ModelRoles models,
        ObjectMapper json,
        Clock clock,
        StageMetrics metrics,
        Budget budget) {

    /** A context without a budget. */
    public StageContext(PipelineConfig config, Topics topics, SchemaRegistryClient registry, Domains domains,
                        ModelRoles models, ObjectMapper json, Clock clock, StageMetrics metrics) {
        this(config, topics, registry, domains, models, json, clock, metrics, Budget.UNLIMITED);
    }

    public DeadLetters deadLetters(String stage) {
        return new DeadLetters(stage, clock);
    }
}
