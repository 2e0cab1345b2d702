package io.apigenmt.topology.pipeline.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs slow, asynchronous work (model calls) for each input record without holding the stream
 * thread, and without giving up exactly-once.
 *
 * <p><b>How.</b> {@link #process} writes the raw input into a logged key-value store, the
 * <em>journal</em>, keyed by its source topic-partition-offset; decodes it once through the
 * {@link AsyncEdges}; starts the stage's {@link AsyncWork} on the decoded input; and returns.
 * Finished work is handed back through a thread-safe queue and drained <em>on the stream
 * thread</em>, in {@code process()} and in a short wall-clock punctuator: its outputs are routed
 * by the edges, forwarded, and its journal entry deleted.
 *
 * <p><b>Guarantees, and why.</b>
 * <ul>
 *   <li><em>Nothing lost, nothing duplicated.</em> An input's offset is committed with the
 *       transaction that journals it; its outputs are produced in the transaction that deletes
 *       the entry. Under exactly_once_v2 each of those is atomic, so every committed input is
 *       either in the journal or has its outputs committed — never both, never neither.</li>
 *   <li><em>Redone after a crash.</em> {@link #init} resubmits every journal entry (after a
 *       restart, a task migration or a revival of a corrupted task). The external work runs
 *       again — it is not covered by the transaction — but its outputs are produced once.</li>
 *   <li><em>Late results dropped.</em> Each {@code init()} opens a fresh completion queue; a
 *       result that completes after {@code close()} is dropped and counted, because its input
 *       is still journalled and is redone by whoever owns the task next.</li>
 *   <li><em>Bounded.</em> A worker-wide {@link InFlightLimit} caps units in flight; at the cap
 *       {@code process()} drains and waits (backpressure). A permit is released when the work
 *       completes, not when it is drained, so a thread waiting in one task can never deadlock
 *       against finished results that only another task's punctuator would drain.</li>
 *   <li><em>Failures are data.</em> A throwing {@code start()} or a failed future goes to
 *       {@link AsyncWork#onFailure} (a retry or a dead letter); input that does not decode, and a
 *       journal entry that can no longer be read, go to {@link AsyncEdges#undecodable} (a dead
 *       letter keeping the bytes). The stream thread survives.</li>
 * </ul>
 * Output order within a partition is completion order, not input order. Forwarded records
 * carry the input's timestamp and a copy of its headers.
 *
 * <p>Use one instance per task (see {@link AsyncJournal}, the supplier). Every method except the
 * completion callback runs on the task's stream thread.
 */
public final class AsyncJournalProcessor<IN, OUT> implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(AsyncJournalProcessor.class);
    private static final long BACKPRESSURE_POLL_MILLIS = 5;
    private static final long BACKPRESSURE_LOG_EVERY_MILLIS = 30_000;

    private final String storeName;
    private final AsyncEdges<IN, OUT> edges;
    private final AsyncWork<IN, OUT> work;
    private final InFlightLimit limit;
    private final AsyncStats stats;
    private final Duration drainInterval;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> journal;
    private Generation generation;
    private Cancellable drainPunctuator;

    /**
     * One init()..close() lifetime of this processor. Work started in a lifetime reports back to
     * that lifetime's queue only, so results of an earlier lifetime can never be forwarded by a
     * later one.
     */
    private final class Generation {
        private final Queue<Completion<IN, OUT>> completions = new ConcurrentLinkedQueue<>();
        private boolean closed; // guarded by this

        synchronized boolean offer(Completion<IN, OUT> completion) {
            if (closed) {
                return false;
            }
            completions.add(completion);
            return true;
        }

        /** Closes the lifetime; returns how many finished results were never drained. */
        synchronized int close() {
            closed = true;
            int undrained = completions.size();
            completions.clear();
            return undrained;
        }
    }

    /**
     * A finished unit: its outputs, or a failure to route. With {@code decoded} set the failure is
     * the work's (routed through onFailure); without, it is why the input never decoded (bytes
     * the edges refused, or a journal entry that could not be read), routed as undecodable.
     *
     * @param raw the input as journalled, for the forwarded records' timestamp and headers
     */
    private record Completion<IN, OUT>(String journalKey, Record<String, byte[]> raw, Input<IN> decoded,
                                       List<OUT> outputs, Throwable failure) {
    }

    AsyncJournalProcessor(String storeName, AsyncEdges<IN, OUT> edges, AsyncWork<IN, OUT> work,
                          InFlightLimit limit, AsyncStats stats, Duration drainInterval) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.edges = Objects.requireNonNull(edges, "edges");
        this.work = Objects.requireNonNull(work, "work");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.drainInterval = Objects.requireNonNull(drainInterval, "drainInterval");
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.journal = context.getStateStore(storeName);
        this.generation = new Generation();
        this.drainPunctuator = context.schedule(
                drainInterval, PunctuationType.WALL_CLOCK_TIME, timestamp -> drain());
        resubmitJournal();
    }

    @Override
    public void process(Record<String, byte[]> input) {
        drain();
        awaitPermit(true);
        String journalKey = journalKeyOf(input);
        journal.put(journalKey, JournalEntry.of(input).encode());
        start(journalKey, input, false);
        drain(); // forwards at once whatever start() completed synchronously (e.g. undecodable bytes)
    }

    @Override
    public void close() {
        if (generation == null) {
            return;
        }
        int undrained = generation.close();
        stats.onDroppedLate(undrained);
        if (drainPunctuator != null) {
            drainPunctuator.cancel();
        }
        if (undrained > 0) {
            log.info("Task {}: async processor on store {} closed; {} undrained results dropped, "
                    + "their inputs stay journalled", context.taskId(), storeName, undrained);
        }
    }

    /** Resubmits every journalled input of this task, honouring the in-flight limit. */
    private void resubmitJournal() {
        List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = journal.all()) {
            all.forEachRemaining(entries::add);
        }
        if (entries.isEmpty()) {
            return;
        }
        log.info("Task {}: resubmitting {} journalled inputs from store {}",
                context.taskId(), entries.size(), storeName);
        for (KeyValue<String, byte[]> entry : entries) {
            Record<String, byte[]> input;
            try {
                input = JournalEntry.decode(entry.value).toRecord();
            } catch (IllegalArgumentException e) {
                // Route the raw journal bytes as undecodable (a dead letter) rather than lose them.
                log.error("Task {}: journal entry {} (topic/partition/offset) of store {} is "
                        + "unreadable: {}", context.taskId(), entry.key, storeName, e.getMessage());
                input = new Record<>(null, entry.value, context.currentSystemTimeMs());
                generation.offer(new Completion<>(entry.key, input, null, List.of(), e));
                continue;
            }
            // No draining here: init() may neither forward nor write the store's changelog. No
            // deadlock either: permits come back when work completes, drained or not.
            awaitPermit(false);
            start(entry.key, input, true);
        }
    }

    /**
     * Takes a permit; at the limit waits for any unit of the stage to complete, draining this
     * task's finished work meanwhile if {@code drainWhileWaiting}.
     */
    private void awaitPermit(boolean drainWhileWaiting) {
        if (limit.tryAcquire()) {
            return;
        }
        long startedAt = System.nanoTime();
        long nextLogAt = BACKPRESSURE_LOG_EVERY_MILLIS;
        try {
            while (true) {
                if (drainWhileWaiting) {
                    drain();
                }
                if (limit.tryAcquire(BACKPRESSURE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
                if (waited >= nextLogAt) {
                    log.warn("Task {}: waited {} ms for an in-flight permit ({}); nothing completes - check that "
                            + "the model servers answer (the worker's metrics show calls in flight)", context.taskId(), waited, limit);
                    nextLogAt += BACKPRESSURE_LOG_EVERY_MILLIS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } finally {
            stats.onBackpressureWait(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        }
    }

    /**
     * Decodes one input and starts its unit; the caller holds a permit, which the unit's
     * completion releases. Input that does not decode never reaches the work: it completes at
     * once, and the drain routes it as undecodable.
     */
    private void start(String journalKey, Record<String, byte[]> raw, boolean resubmission) {
        Generation owner = generation;
        stats.onStarted(resubmission);
        Input<IN> input;
        try {
            input = new Input<>(raw.key(), edges.decode(raw.value()), raw.value());
        } catch (RuntimeException undecodable) {
            complete(owner, new Completion<>(journalKey, raw, null, List.of(), undecodable));
            return;
        }
        CompletableFuture<List<OUT>> future;
        try {
            future = work.start(input);
            if (future == null) {
                future = CompletableFuture.failedFuture(
                        new IllegalStateException("AsyncWork.start returned null"));
            }
        } catch (Exception e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((outputs, error) -> complete(owner, new Completion<>(journalKey, raw, input,
                outputs == null ? List.of() : outputs, unwrap(error))));
    }

    /** Hands a finished unit to its lifetime's queue, then releases its permit; any thread. */
    private void complete(Generation owner, Completion<IN, OUT> completion) {
        stats.onWorkDone();
        boolean accepted = owner.offer(completion);
        // Released after the offer: a process() woken by this permit then finds the result.
        limit.release();
        if (!accepted) {
            stats.onDroppedLate(1);
            log.debug("Dropped a result for {} (topic/partition/offset) that completed after "
                    + "its task closed; it stays journalled", completion.journalKey());
        }
    }

    /** Routes and forwards every finished unit and removes its journal entry; stream thread only. */
    private void drain() {
        Queue<Completion<IN, OUT>> completions = generation.completions;
        Completion<IN, OUT> completion;
        while ((completion = completions.poll()) != null) {
            boolean undecodable = completion.failure() != null && completion.decoded() == null;
            boolean failed = completion.failure() != null && !undecodable;
            // A throwing onFailure or undecodable is a bug in the stage: it propagates to Streams'
            // processing exception handler, and the transaction rolls back with the entry journalled.
            List<OUT> outputs = completion.outputs();
            if (undecodable) {
                outputs = edges.undecodable(completion.raw(), asRuntime(completion.failure()));
            } else if (failed) {
                // One line on the console; the trace (the last argument) goes to the log file.
                log.warn("{}: {} failed ({}): {}; the stage routes it to a retry or a dead letter - if a model "
                        + "server is the cause, check it, then redrive the dead letters", storeName,
                        completion.raw().key(), completion.journalKey(), message(completion.failure()),
                        completion.failure());
                outputs = work.onFailure(completion.decoded(), completion.failure());
            }
            for (OUT output : outputs == null ? List.<OUT>of() : outputs) {
                Routed routed = edges.route(output);
                context.forward(outputRecord(completion.raw(), routed), routed.child());
            }
            journal.delete(completion.journalKey());
            stats.onDrained(failed);
        }
    }

    private static Record<String, Object> outputRecord(Record<String, byte[]> input, Routed routed) {
        // A fresh headers copy per output: children may add headers without affecting siblings.
        return new Record<>(routed.key(), routed.value(), input.timestamp(),
                new RecordHeaders(input.headers().toArray()));
    }

    private String journalKeyOf(Record<String, byte[]> input) {
        return context.recordMetadata()
                .map(AsyncJournalProcessor::journalKeyOf)
                // Not from a source topic (forwarded by a punctuator upstream): any unique key will
                // do, the journal is rolled back with the transaction that wrote it.
                .orElseGet(() -> "local/" + context.taskId() + "/" + UUID.randomUUID());
    }

    private static String journalKeyOf(RecordMetadata metadata) {
        return JournalEntry.keyOf(metadata.topic(), metadata.partition(), metadata.offset());
    }

    private static RuntimeException asRuntime(Throwable error) {
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure's own message, without the future's wrappers: what the user can act on. */
    private static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    }
}
