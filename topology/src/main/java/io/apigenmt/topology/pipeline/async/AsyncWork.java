package io.apigenmt.topology.pipeline.async;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The stage-specific part of an {@link AsyncJournalProcessor}, in the shape of Flink's
 * {@code AsyncFunction<IN, OUT>}: a stateless function from one decoded input to the outputs it
 * produces, computed asynchronously. Decoding, and routing what does not decode, belong to the
 * processor's {@link AsyncEdges}.
 *
 * <p>Implementations must be thread-safe: one instance serves every task and stream thread of a
 * stage, and futures complete on arbitrary threads.
 */
public interface AsyncWork<IN, OUT> {

    /**
     * Starts the work for one input and returns at once; must not block the calling stream
     * thread. For input the work refuses (e.g. an unknown domain), return an already completed
     * future.
     *
     * <p>Called once per input, and again for every input still journalled after a restart or
     * task migration: the work must tolerate being redone (model calls are paid twice).
     *
     * @return a future of the outputs; may complete exceptionally, see {@link #onFailure}
     */
    CompletableFuture<List<OUT>> start(Input<IN> input);

    /**
     * Routes an input whose work failed: {@link #start} threw, returned {@code null}, or its
     * future completed exceptionally. Typically a dead letter or a retry record. Called on the
     * stream thread; must not throw and must not block.
     *
     * @param input the input as given to {@link #start}
     * @param cause the failure (unwrapped from {@link java.util.concurrent.CompletionException})
     * @return the outputs to forward instead; empty to forward nothing
     */
    List<OUT> onFailure(Input<IN> input, Throwable cause);
}
