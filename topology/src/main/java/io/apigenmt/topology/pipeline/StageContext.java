package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.llm.ModelRoles;
import java.time.Clock;

/** What every stage of a worker shares: settings, topics, registry, domains and models. */
public record StageContext(
        PipelineConfig config,
        Topics topics,
        SchemaRegistryClient registry,
        DomainRegistry domains,
        ModelRoles models,
        ObjectMapper json,
        Clock clock,
        StageMetrics metrics) {

    public DeadLetters deadLetters(String stage) {
        return new DeadLetters(stage, clock);
    }
}
