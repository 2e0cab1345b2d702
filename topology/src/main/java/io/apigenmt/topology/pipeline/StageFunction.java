package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.pipeline.async.Input;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The stage-specific part of a model-bound stage ({@link AsyncStage}), in the shape of Flink's
 * {@code AsyncFunction<IN, OUT>}: a stateless function from one decoded input record to its
 * typed {@link Output}s, computed asynchronously. Before it runs, the framework has decoded the
 * input from its topic (bytes that do not decode are an {@code undecodable} dead letter there),
 * counted it, found its domain (one the worker does not serve is an {@code unknown_domain}
 * dead letter, built with {@link #deadLetter}) and its description. While the domain's
 * environment is unavailable the work is redone later; when it breaks the environment protocol
 * the input ends as an {@code environment_protocol} dead letter (see {@link EnvironmentWork}).
 *
 * <p>Implementations must be thread-safe: one instance serves every task and stream thread of a
 * stage, and futures complete on arbitrary threads.
 */
public interface StageFunction<IN> {

    /** The domain the input runs in. */
    String domain(IN input);

    /**
     * The data fingerprint the input was made on ({@link Domain#dataFingerprint}), or null when it
     * carries none; an input made on other data than the worker's domain is dead-lettered
     * {@code domain_data_mismatch} before {@link #apply}.
     */
    default String dataFingerprint(IN input) {
        return null;
    }

    /** The dead letter that ends the input's task for {@code reason}, keeping {@code payload}, the original bytes. */
    DeadLetter deadLetter(IN input, DeadLetterReason reason, String error, byte[] payload);

    /**
     * Starts the stage's work on one input and returns at once; must not block the stream
     * thread. Called again for an input still journalled after a restart: model calls may be
     * paid twice, outputs are forwarded once.
     *
     * @param domain the input's domain, known to the worker, with its description
     * @return a future of the outputs; may complete exceptionally, see {@link #onFailure}
     */
    CompletableFuture<List<Output>> apply(DescribedDomain domain, Input<IN> input);

    /**
     * The outputs of an input whose work failed ({@link #apply} threw or its future failed):
     * typically a dead letter or a retry. Called on the stream thread; must not throw or block.
     */
    List<Output> onFailure(Input<IN> input, Throwable cause);
}
