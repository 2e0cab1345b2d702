package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sits between a model-bound stage's raw source and its async journal: an input over
 * {@link #MAX_INPUT_BYTES} becomes a {@code payload_too_large} dead letter of the stage at once,
 * and is never journalled (the journal's changelog would refuse it, failing the stream task
 * again on every retry). Attributed to its task when the bytes decode, so the ledger settles it.
 */
public final class OversizedInputGuard implements Processor<String, byte[], String, Object> {

    /** The same bound as {@code fanout.max_payload_bytes}' default. */
    public static final int MAX_INPUT_BYTES = 1024 * 1024;

    private final DeadLetters deadLetters;
    private final AvroWireCodec<?> codec;
    private final String deadLetterChild;
    private final String next;
    private ProcessorContext<String, Object> context;

    /**
     * @param deadLetterChild the dead-letters sink's name
     * @param next            the stage's journal processor
     */
    public OversizedInputGuard(String stage, AvroWireCodec<?> codec, String deadLetterChild, String next) {
        this.deadLetters = new DeadLetters(stage, Clock.systemUTC());
        this.codec = codec;
        this.deadLetterChild = deadLetterChild;
        this.next = next;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length <= MAX_INPUT_BYTES) {
            context.forward(record, next);
            return;
        }
        String error = "input of " + value.length + " bytes exceeds the " + MAX_INPUT_BYTES + "-byte limit";
        DeadLetter dl;
        Blueprint b = null;
        TaskRequest task = null;
        try {
            Object decoded = codec.deserialize(value);
            if (decoded instanceof TaskRequest t) {
                task = t;
            } else if (decoded instanceof Blueprint bp) {
                b = bp;
            } else if (decoded instanceof RejectedBlueprint r) {
                b = r.getBlueprint();
            } else if (decoded instanceof ApprovedBlueprint a) {
                b = a.getBlueprint();
            }
        } catch (RuntimeException undecodable) {
            // stays unattributed below
        }
        if (task != null) {
            dl = deadLetters.forTask(task, "payload_too_large", error, 0, value, null);
        } else if (b != null) {
            dl = deadLetters.forBlueprint(b, "payload_too_large", error, value);
        } else {
            dl = deadLetters.forUndecodable(record.key(), "payload_too_large", error, value, 0);
        }
        context.forward(record.withKey(record.key() == null ? dl.getId() : record.key()).withValue(dl), deadLetterChild);
    }
}
