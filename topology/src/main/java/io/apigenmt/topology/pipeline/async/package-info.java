/**
 * The asynchronous processor with a durable in-flight journal that every LLM-bound stage runs
 * on (DESIGN.md, "Concurrency"): a stage supplies an {@link
 * io.apigenmt.topology.pipeline.async.AsyncWork}, wires an {@link
 * io.apigenmt.topology.pipeline.async.AsyncJournal} into its Processor API topology, and gets
 * many slow calls in flight per stream thread with exactly-once outputs.
 */
package io.apigenmt.topology.pipeline.async;
