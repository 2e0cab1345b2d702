package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;

/** How a stage's work routes what it cannot process: dead letters, counted in the stage's metrics. */
public final class Routes {

    private final String stage;
    private final StageContext ctx;
    private final DeadLetters deadLetters;

    public Routes(String stage, StageContext ctx) {
        this.stage = stage;
        this.ctx = ctx;
        this.deadLetters = ctx.deadLetters(stage);
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Routes a dead letter to the dead-letters topic, keyed by {@code key} or the letter's id. */
    public List<Routed> deadLetter(String key, DeadLetter letter) {
        ctx.metrics().recordOut(stage, "dead-letter." + letter.getReason());
        return List.of(Routed.to(ctx.topics().deadLetters().name(), key == null ? letter.getId() : key, letter));
    }

    /** Input that is not the record type the stage reads: it belongs to no known task. */
    public List<Routed> undecodable(Record<String, byte[]> input, String expected, RuntimeException cause) {
        return deadLetter(input.key(), deadLetters.forUndecodable(input.key(), "undecodable",
                "not a " + expected + ": " + cause.getMessage(), input.value(), 0));
    }

    /** Outputs that are known at once. */
    public static CompletableFuture<List<Routed>> now(List<Routed> routed) {
        return CompletableFuture.completedFuture(routed);
    }
}
