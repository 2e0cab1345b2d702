package io.apigenmt.topology.pipeline.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processor that starts on a non-empty journal resubmits exactly the journalled work. The
 * journal is a real RocksDB store, closed and reopened from the same state directory between
 * the two processor lifetimes, as after a restart (the changelog's part is covered by
 * {@link AsyncJournalCrashTest}).
 */
class AsyncJournalRestartTest {

    private static final String STORE = "journal";
    private static final TaskId TASK = new TaskId(0, 3);

    @TempDir
    Path stateDir;

    private final ScriptedWork work = new ScriptedWork();
    private final AsyncStats stats = new AsyncStats();
    private final AsyncJournal<String, Routed> journal = AsyncJournal.builder(STORE, work, work, new InFlightLimit(10))
            .stats(stats).build();
    private final List<KeyValueStore<String, byte[]>> openStores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        openStores.stream().filter(KeyValueStore::isOpen).forEach(KeyValueStore::close);
    }

    @Test
    void shouldResubmitExactlyTheJournalledWorkOnRestart() {
        // Given a first lifetime that took three inputs and finished one of them
        MockProcessorContext<String, Object> first = context();
        KeyValueStore<String, byte[]> store = openStore(first);
        Processor<String, byte[], String, Object> before = journal.get();
        before.init(first);
        process(first, before, 10, "k1", "v1");
        process(first, before, 11, "k2", "v2");
        process(first, before, 12, "k1", "v3"); // same key as the first, still in flight
        work.succeed("v2", "k2");
        drain(first);
        assertThat(first.forwarded()).hasSize(1);

        // When it stops (a crash or a migration), a late result arrives, and the store reopens
        before.close();
        work.succeed("v1", "k1");
        store.close();
        MockProcessorContext<String, Object> second = context();
        openStore(second);
        Processor<String, byte[], String, Object> after = journal.get();
        after.init(second);

        // Then the late result was dropped and exactly the two journalled inputs were redone,
        // each with its original key and bytes
        assertThat(stats.droppedLate()).isEqualTo(1);
        assertThat(stats.resubmitted()).isEqualTo(2);
        List<Input<String>> redone = work.started().subList(3, 5);
        assertThat(redone).extracting(Input::key).containsExactly("k1", "k1");
        assertThat(redone).extracting(input -> ScriptedWork.text(input.bytes()))
                .containsExactly("v1", "v3");

        // And finishing them empties the journal, with outputs on the original timestamps and headers
        work.succeed("v1", "k1");
        work.succeed("v3", "k1");
        drain(second);
        assertThat(second.forwarded()).extracting(forward -> (Object) forward.record().value())
                .containsExactly("done:v1", "done:v3");
        assertThat(second.forwarded()).extracting(forward -> forward.record().timestamp())
                .containsExactly(1010L, 1012L);
        assertThat(second.forwarded().get(0).record().headers().lastHeader("offset").value())
                .isEqualTo("10".getBytes(StandardCharsets.UTF_8));
        assertThat(second.forwarded()).allSatisfy(forward ->
                assertThat(forward.childName()).contains(ScriptedWork.OUT));
        assertThat(journalKeys(second)).isEmpty();
        after.close();
    }

    @Test
    void shouldNotLetAResultOfAnEarlierLifetimeReachALaterOne() {
        // Given a processor whose task is revived (closed and initialised again, same instance)
        MockProcessorContext<String, Object> context = context();
        openStore(context);
        Processor<String, byte[], String, Object> processor = journal.get();
        processor.init(context);
        process(context, processor, 0, "k1", "v1");
        CompletableFuture<List<Routed>> firstRun = work.take("v1");
        processor.close();
        processor.init(context);

        // When the first run completes late, then the resubmitted run completes
        firstRun.complete(List.of(Routed.to(ScriptedWork.OUT, "k1", "stale")));
        drain(context);
        work.succeed("v1", "k1");
        drain(context);

        // Then only the resubmitted run's output is forwarded, once
        assertThat(stats.droppedLate()).isEqualTo(1);
        assertThat(context.forwarded()).extracting(forward -> (Object) forward.record().value())
                .containsExactly("done:v1");
        assertThat(journalKeys(context)).isEmpty();
        processor.close();
    }

    @Test
    void shouldDeadLetterAnUnreadableJournalEntryInsteadOfLosingIt() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, byte[]> store = openStore(context);
        store.put("in/0/0000000000000000007", new byte[] {42, 1, 2});

        Processor<String, byte[], String, Object> processor = journal.get();
        processor.init(context);
        drain(context);

        assertThat(context.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.childName()).contains(ScriptedWork.DEAD_LETTERS);
            assertThat((String) forward.record().value()).startsWith("undecodable:");
        });
        assertThat(journalKeys(context)).isEmpty();
        processor.close();
    }

    private MockProcessorContext<String, Object> context() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "async-restart-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<String, Object> context =
                new MockProcessorContext<>(config, TASK, stateDir.toFile());
        context.setCurrentSystemTimeMs(5_000L);
        return context;
    }

    /** The journal as a persistent store; logging and caching need a real task, not a mock. */
    private KeyValueStore<String, byte[]> openStore(MockProcessorContext<String, Object> context) {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        openStores.add(store);
        return store;
    }

    private static void process(MockProcessorContext<String, Object> context,
                                Processor<String, byte[], String, Object> processor,
                                long offset, String key, String value) {
        context.setRecordMetadata("in", 0, offset);
        RecordHeaders headers = new RecordHeaders();
        headers.add("offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        processor.process(new Record<>(key, value.getBytes(StandardCharsets.UTF_8),
                1000 + offset, headers));
    }

    /** Fires the drain punctuator, as the wall clock would. */
    private static void drain(MockProcessorContext<String, Object> context) {
        context.scheduledPunctuators().stream()
                .filter(punctuator -> !punctuator.cancelled())
                .forEach(punctuator -> punctuator.getPunctuator().punctuate(Duration.ofMillis(20).toMillis()));
    }

    private static List<String> journalKeys(MockProcessorContext<String, Object> context) {
        KeyValueStore<String, byte[]> store = context.getStateStore(STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
