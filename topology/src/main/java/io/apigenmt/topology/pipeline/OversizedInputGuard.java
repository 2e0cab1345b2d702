package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.DeadLetter;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sits between a model-bound stage's raw source and its async journal: an input over
 * {@link #MAX_INPUT_BYTES} becomes a {@code payload_too_large} dead letter of the stage at once,
 * and is never journalled (the journal's changelog would refuse it, failing the stream task
 * again on every retry). Attributed to its task, through the stage's own dead letter, when the
 * bytes decode as the stage's input, so the ledger settles it.
 */
public final class OversizedInputGuard<IN> implements Processor<String, byte[], String, Object> {

    /** The same bound as {@code fanout.max_payload_bytes}' default. */
    public static final int MAX_INPUT_BYTES = 1024 * 1024;

    private final DeadLetters deadLetters;
    private final StageEdges<IN> edges;
    private final StageFunction<IN> function;
    private final String deadLetterChild;
    private final String next;
    private ProcessorContext<String, Object> context;

    /**
     * @param deadLetterChild the dead-letters sink's name
     * @param next            the stage's journal processor
     */
    public OversizedInputGuard(DeadLetters deadLetters, StageEdges<IN> edges, StageFunction<IN> function,
                               String deadLetterChild, String next) {
        this.deadLetters = deadLetters;
        this.edges = edges;
        this.function = function;
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
        DeadLetter dl = decoded(value)
                .map(input -> function.deadLetter(input, DeadLetterReason.PAYLOAD_TOO_LARGE, error, value))
                .orElseGet(() -> deadLetters.forUndecodable(record.key(), DeadLetterReason.PAYLOAD_TOO_LARGE, error,
                        value, 0));
        context.forward(record.withKey(record.key() == null ? dl.getId() : record.key()).withValue(dl), deadLetterChild);
    }

    private Optional<IN> decoded(byte[] value) {
        try {
            return Optional.of(edges.decode(value));
        } catch (RuntimeException undecodable) {
            return Optional.empty(); // then the dead letter belongs to no known task
        }
    }
}
