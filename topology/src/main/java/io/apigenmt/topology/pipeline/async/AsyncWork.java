package io.apigenmt.topology.pipeline.async;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The stage-specific part of an {@link AsyncJournalProcessor}: a stateless function from one
 * raw input record to the records it produces, computed asynchronously.
 *
 * <p>Implementations must be thread-safe: one instance serves every task and stream thread of a
 * stage, and futures complete on arbitrary threads.
 */
public interface AsyncWork {

    /**
     * Starts the work for one input and returns at once; must not block the calling stream
     * thread. Decoding and validating the bytes is the stage's job: for input it cannot use,
     * return an already completed future routing a dead letter.
     *
     * <p>Called once per input, and again for every input still journalled after a restart or
     * task migration: the work must tolerate being redone (model calls are paid twice).
     *
     * @param input the input record, key and value as raw bytes from the source topic
     *              (value may be {@code null} for a tombstone)
     * @return a future of the outputs; may complete exceptionally, see {@link #onFailure}
     */
    CompletableFuture<List<Routed>> start(Record<String, byte[]> input);

    /**
     * Routes an input whose work failed: {@link #start} threw, returned {@code null}, or its
     * future completed exceptionally. Typically a dead letter or a retry record. Called on the
     * stream thread; must not throw and must not block.
     *
     * @param input the input record as given to {@link #start}
     * @param cause the failure (unwrapped from {@link java.util.concurrent.CompletionException})
     * @return the outputs to forward instead; empty to forward nothing
     */
    List<Routed> onFailure(Record<String, byte[]> input, Throwable cause);
}
