package io.apigenmt.topology.worker;

import io.apigenmt.topology.pipeline.StageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Stage counters as Micrometer meters: {@code apigen_stage_records_in_total{stage}} and {@code apigen_stage_records_out_total{stage,kind}}. */
public final class MicrometerStageMetrics implements StageMetrics {

    private final MeterRegistry registry;

    public MicrometerStageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recordIn(String stage) {
        Counter.builder("apigen.stage.records.in").tag("stage", stage)
                .description("Input records taken by a stage").register(registry).increment();
    }

    @Override
    public void recordOut(String stage, String kind) {
        Counter.builder("apigen.stage.records.out").tag("stage", stage).tag("kind", kind)
                .description("Output records of a stage by kind (candidate, approved, retry.<check>, verified, dead-letter.<reason>)")
                .register(registry).increment();
    }
}
