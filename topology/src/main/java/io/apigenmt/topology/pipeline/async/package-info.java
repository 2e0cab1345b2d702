/**
 * The asynchronous processor with a durable in-flight journal that every LLM-bound stage runs
 * on (DESIGN.md, "Concurrency"), typed in the shape of Flink's {@code AsyncFunction<IN, OUT>}: a
 * stage supplies an {@link io.apigenmt.topology.pipeline.async.AsyncWork} from a decoded input to
 * its outputs and the {@link io.apigenmt.topology.pipeline.async.AsyncEdges} that decode the
 * journalled bytes and route the outputs, wires an {@link
 * io.apigenmt.topology.pipeline.async.AsyncJournal} into its Processor API topology, and gets
 * many slow calls in flight per stream thread with exactly-once outputs. Work that fails because
 * a dependency is down ({@link io.apigenmt.topology.health.Unavailable}) is held and redone, never
 * routed as a failure. The package knows nothing of the pipeline's records:
 * {@code io.apigenmt.topology.pipeline} builds on it.
 */
package io.apigenmt.topology.pipeline.async;
