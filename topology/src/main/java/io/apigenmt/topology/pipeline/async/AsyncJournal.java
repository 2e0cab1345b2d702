package io.apigenmt.topology.pipeline.async;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires an {@link AsyncJournalProcessor} into a Processor API topology: the processor supplier
 * together with its journal store, which {@link Topology#addProcessor} adds and connects by
 * itself (the supplier declares it through {@link #stores()}).
 *
 * <pre>{@code
 * AsyncJournal<Blueprint, Output> journal =
 *         AsyncJournal.builder("review-journal", reviewEdges, reviewWork, limit).build();
 * AsyncJournal.addRawSource(topology, "candidates", topics.candidates());
 * topology.addProcessor("review", journal, "candidates")
 *         .addSink("approved", topics.approved(), keySerializer, approvedSerializer, "review")
 *         .addSink("retry", topics.retry(), keySerializer, retrySerializer, "review");
 * }</pre>
 * Output child names are the sink (or processor) names the edges' {@link AsyncEdges#route}
 * gives each output.
 *
 * <p>One instance per stage; it holds the stage's {@link AsyncStats} and shared
 * {@link InFlightLimit}, and hands every task its own processor.
 */
public final class AsyncJournal<IN, OUT> implements ProcessorSupplier<String, byte[], String, Object> {

    /** How often finished work is drained when no input arrives. */
    public static final Duration DEFAULT_DRAIN_INTERVAL = Duration.ofMillis(20);

    private final String storeName;
    private final AsyncEdges<IN, OUT> edges;
    private final AsyncWork<IN, OUT> work;
    private final InFlightLimit limit;
    private final AsyncStats stats;
    private final Duration drainInterval;
    private final StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder;

    private AsyncJournal(Builder<IN, OUT> builder) {
        this.storeName = builder.storeName;
        this.edges = builder.edges;
        this.work = builder.work;
        this.limit = builder.limit;
        this.stats = builder.stats;
        this.drainInterval = builder.drainInterval;
        this.storeBuilder = journalStore(storeName, builder.changelogOverrides);
    }

    /**
     * @param storeName the journal store; also names its changelog topic
     *                  ({@code <application.id>-<storeName>-changelog})
     * @param edges     how journalled bytes decode into the work's input and where outputs go
     * @param work      the stage's work, shared by all tasks
     * @param limit     the worker-wide bound on units in flight, shared by all tasks and threads
     */
    public static <IN, OUT> Builder<IN, OUT> builder(String storeName, AsyncEdges<IN, OUT> edges,
                                                     AsyncWork<IN, OUT> work, InFlightLimit limit) {
        return new Builder<>(storeName, edges, work, limit);
    }

    @Override
    public Processor<String, byte[], String, Object> get() {
        return new AsyncJournalProcessor<>(storeName, edges, work, limit, stats, drainInterval);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(storeBuilder);
    }

    public String storeName() {
        return storeName;
    }

    public AsyncStats stats() {
        return stats;
    }

    public InFlightLimit limit() {
        return limit;
    }

    /**
     * Adds a source that hands records over as raw bytes (key String, value byte[]), the input
     * an async processor expects: the journal keeps them verbatim, and undecodable values reach
     * the edges and become dead letters with their original bytes instead of failing in a
     * deserializer.
     */
    public static Topology addRawSource(Topology topology, String sourceName, String... topics) {
        return topology.addSource(sourceName, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), topics);
    }

    /**
     * The journal store: persistent, logged with {@link #changelogConfig()} plus overrides, and
     * cached, so that a put and its delete within one commit interval cancel out and never
     * reach the changelog.
     */
    public static StoreBuilder<KeyValueStore<String, byte[]>> journalStore(
            String storeName, Map<String, String> changelogOverrides) {
        Map<String, String> changelog = new HashMap<>(changelogConfig());
        changelog.putAll(changelogOverrides);
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(storeName), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(changelog)
                .withCachingEnabled();
    }

    /**
     * Changelog settings for a journal: every entry is a put soon followed by a tombstone, so
     * the log is almost all garbage. Small segments and a low dirty ratio let the cleaner keep it
     * short (restore time tracks the in-flight set, not history); tombstones are kept long
     * enough for any restoring consumer to read them.
     */
    public static Map<String, String> changelogConfig() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis()),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
                // An entry is an input record plus a little metadata: accept what the input topics accept.
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
    }

    /** Options of an {@link AsyncJournal}; only the four constructor arguments are required. */
    public static final class Builder<IN, OUT> {
        private final String storeName;
        private final AsyncEdges<IN, OUT> edges;
        private final AsyncWork<IN, OUT> work;
        private final InFlightLimit limit;
        private AsyncStats stats = new AsyncStats();
        private Duration drainInterval = DEFAULT_DRAIN_INTERVAL;
        private Map<String, String> changelogOverrides = Map.of();

        private Builder(String storeName, AsyncEdges<IN, OUT> edges, AsyncWork<IN, OUT> work, InFlightLimit limit) {
            this.storeName = Objects.requireNonNull(storeName, "storeName");
            this.edges = Objects.requireNonNull(edges, "edges");
            this.work = Objects.requireNonNull(work, "work");
            this.limit = Objects.requireNonNull(limit, "limit");
        }

        /** Counters to update; default a fresh {@link AsyncStats}. */
        public Builder<IN, OUT> stats(AsyncStats stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /** Wall-clock period of the drain punctuator; default 20 ms. */
        public Builder<IN, OUT> drainInterval(Duration drainInterval) {
            if (drainInterval.isNegative() || drainInterval.isZero()) {
                throw new IllegalArgumentException("drain interval must be positive: " + drainInterval);
            }
            this.drainInterval = drainInterval;
            return this;
        }

        /** Changelog topic settings replacing those of {@link #changelogConfig()}. */
        public Builder<IN, OUT> changelogOverrides(Map<String, String> overrides) {
            this.changelogOverrides = Map.copyOf(overrides);
            return this;
        }

        public AsyncJournal<IN, OUT> build() {
            return new AsyncJournal<>(this);
        }
    }
}
