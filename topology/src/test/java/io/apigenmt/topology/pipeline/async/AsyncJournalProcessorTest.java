package io.apigenmt.topology.pipeline.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Problem;
import io.apigenmt.topology.health.ScriptedProbe;
import io.apigenmt.topology.health.Unavailable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The async processor through the production wiring ({@link AsyncJournal}) on a test driver. */
class AsyncJournalProcessorTest {

    private static final String INPUT = "in";
    private static final String OUTPUT = "out-topic";
    private static final String DEAD_LETTER_TOPIC = "dead-letters-topic";
    private static final String STORE = "journal";
    private static final Duration DRAIN = Duration.ofMillis(20);

    @TempDir
    Path stateDir;

    private final ScriptedWork work = new ScriptedWork();
    private final AsyncStats stats = new AsyncStats();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, String> output;
    private TestOutputTopic<String, String> deadLetters;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldForwardCompletionsInCompletionOrderAndRemoveTheirJournalEntries() {
        // Given three units in flight
        startDriver(10);
        input.pipeInput("k1", "v1");
        input.pipeInput("k2", "v2");
        input.pipeInput("k3", "v3");
        assertThat(journalValues()).containsExactly("v1", "v2", "v3");

        // When the third and then the first complete, and the punctuator drains them
        work.succeed("v3", "k3");
        work.succeed("v1", "k1");
        driver.advanceWallClockTime(DRAIN);

        // Then they come out in completion order, and only the second is still journalled
        assertThat(output.readKeyValuesToList()).containsExactly(
                KeyValue.pair("k3", "done:v3"), KeyValue.pair("k1", "done:v1"));
        assertThat(journalValues()).containsExactly("v2");
        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.inFlight()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheInputTimestampAndHeadersOnOutputs() {
        startDriver(10);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>("k1", "v1", headers, 42_000L));

        work.succeed("v1", "k1");
        driver.advanceWallClockTime(DRAIN);

        TestRecord<String, String> out = output.readRecord();
        assertThat(out.timestamp()).isEqualTo(42_000L);
        assertThat(new String(out.headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
                .isEqualTo("t-1");
    }

    @Test
    void shouldDrainCompletionsInProcessWithoutWaitingForThePunctuator() {
        startDriver(10);
        input.pipeInput("k1", "v1");
        work.succeed("v1", "k1");

        input.pipeInput("k2", "v2");

        assertThat(output.readKeyValuesToList()).containsExactly(KeyValue.pair("k1", "done:v1"));
        assertThat(journalValues()).containsExactly("v2");
    }

    @Test
    void shouldRouteFailuresThroughOnFailureAndKeepRunning() {
        startDriver(10);
        input.pipeInput("k1", "v1");
        input.pipeInput("k2", "throw");
        input.pipeInput("k3", "bad");
        work.fail("v1", "model timed out");
        driver.advanceWallClockTime(DRAIN);

        assertThat(deadLetters.readKeyValuesToList()).containsExactlyInAnyOrder(
                KeyValue.pair("k2", "failed:start blew up"),
                KeyValue.pair("k3", "undecodable:bad"),
                KeyValue.pair("k1", "failed:model timed out"));
        assertThat(journalValues()).isEmpty();
        assertThat(stats.failed()).isEqualTo(2);
        assertThat(stats.completed()).isEqualTo(1); // the dead letter of "bad" is a normal result

        // the stream thread is still alive
        input.pipeInput("k4", "v4");
        work.succeed("v4", "k4");
        driver.advanceWallClockTime(DRAIN);
        assertThat(output.readKeyValuesToList()).containsExactly(KeyValue.pair("k4", "done:v4"));
    }

    @Test
    @Timeout(10)
    void shouldBlockAtTheLimitUntilAUnitCompletes() throws Exception {
        // Given a limit of 2, both permits taken
        startDriver(2);
        input.pipeInput("k1", "v1");
        input.pipeInput("k2", "v2");
        List<String> startedWhenReleased = new ArrayList<>();
        Thread completer = new Thread(() -> {
            sleep(300);
            startedWhenReleased.addAll(work.startedValues());
            work.succeed("v1", "k1");
        }, "completer");

        // When a third record arrives and another thread completes the first unit 300 ms later
        completer.start();
        long startedAt = System.nanoTime();
        input.pipeInput("k3", "v3");
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        completer.join();

        // Then process() waited for the permit, drained the result while waiting, then started v3
        assertThat(blockedMillis).isGreaterThanOrEqualTo(250);
        assertThat(startedWhenReleased).containsExactly("v1", "v2");
        assertThat(work.startedValues()).containsExactly("v1", "v2", "v3");
        assertThat(output.readKeyValuesToList()).containsExactly(KeyValue.pair("k1", "done:v1"));
        assertThat(journalValues()).containsExactly("v2", "v3");
        assertThat(stats.backpressureWaitMillis()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void shouldCompleteDuplicateKeysInFlightAtOnceBecauseTheJournalIsKeyedByOffset() {
        startDriver(10);
        input.pipeInput("same", "first");
        input.pipeInput("same", "second");
        assertThat(journalValues()).containsExactly("first", "second");

        work.succeed("first", "same");
        driver.advanceWallClockTime(DRAIN);
        assertThat(journalValues()).containsExactly("second");

        work.succeed("second", "same");
        driver.advanceWallClockTime(DRAIN);
        assertThat(output.readValuesToList()).containsExactly("done:first", "done:second");
        assertThat(journalValues()).isEmpty();
    }

    @Test
    void shouldDropAResultThatCompletesAfterItsTaskClosed() {
        startDriver(10);
        input.pipeInput("k1", "v1");

        driver.close();
        driver = null;
        work.succeed("v1", "k1");

        assertThat(stats.droppedLate()).isEqualTo(1);
        assertThat(stats.completed()).isZero();
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void shouldReleaseThePermitWhenWorkCompletesNotWhenDrained() {
        InFlightLimit limit = startDriver(1);
        input.pipeInput("k1", "v1");
        assertThat(limit.available()).isZero();

        work.succeed("v1", "k1");

        assertThat(limit.available()).isEqualTo(1); // not drained yet
        assertThat(journalValues()).containsExactly("v1");
    }

    @Test
    void shouldHoldWorkWhoseDependencyIsDownAndRedoItWhenItAnswers() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ScriptedProbe probe = new ScriptedProbe();
        try (Dependency endpoint = new Dependency("model 'm' at http://x/v1", probe, scheduler, ScriptedProbe.fast(),
                Clock.systemUTC())) {
            // Given a unit in flight, and its endpoint found down by a probe
            InFlightLimit limit = startDriver(1);
            input.pipeInput("k1", "v1");
            Problem refused = new Problem(Problem.Reason.UNREACHABLE, "connection refused");
            probe.down(refused);
            assertThat(endpoint.check(System.nanoTime()).get(5, TimeUnit.SECONDS)).contains(refused);

            // When its work fails because of that (wrapped, as a client wraps it)
            work.fail("v1", new RuntimeException("call failed", new Unavailable(endpoint, refused)));
            driver.advanceWallClockTime(DRAIN);

            // Then it is held: no dead letter, no output, still journalled, its permit given back
            assertThat(deadLetters.isEmpty()).isTrue();
            assertThat(output.isEmpty()).isTrue();
            assertThat(journalValues()).containsExactly("v1");
            assertThat(stats.held()).isEqualTo(1);
            assertThat(stats.failed()).isZero();
            assertThat(limit.available()).isEqualTo(1);
            driver.advanceWallClockTime(DRAIN);
            assertThat(work.startedValues()).as("not redone while down").containsExactly("v1");

            // When the endpoint answers again, the next drain redoes the unit from its journalled input
            probe.up();
            await().atMost(Duration.ofSeconds(5)).until(endpoint::isUp);
            driver.advanceWallClockTime(DRAIN);
            assertThat(work.startedValues()).containsExactly("v1", "v1");
            assertThat(stats.held()).isZero();
            assertThat(stats.heldTotal()).isEqualTo(1);
            assertThat(stats.redone()).isEqualTo(1);

            // And its result goes out once, and the journal entry goes
            work.succeed("v1", "k1");
            driver.advanceWallClockTime(DRAIN);
            assertThat(output.readKeyValuesToList()).containsExactly(KeyValue.pair("k1", "done:v1"));
            assertThat(journalValues()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void shouldReleaseHeldWorkWithItsTaskAndLeaveItJournalled() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ScriptedProbe probe = new ScriptedProbe();
        try (Dependency endpoint = new Dependency("model 'm' at http://x/v1", probe, scheduler, ScriptedProbe.fast(),
                Clock.systemUTC())) {
            startDriver(4);
            input.pipeInput("k1", "v1");
            Problem refused = new Problem(Problem.Reason.UNREACHABLE, "connection refused");
            probe.down(refused);
            endpoint.check(System.nanoTime()).get(5, TimeUnit.SECONDS);
            work.fail("v1", new Unavailable(endpoint, refused));
            driver.advanceWallClockTime(DRAIN);
            assertThat(stats.held()).isEqualTo(1);

            // When the task closes (a rebalance, a shutdown) while the unit waits
            driver.close();
            driver = null;

            // Then the hold is released; the input stays in the journal's changelog for the next owner
            assertThat(stats.held()).isZero();
            assertThat(stats.failed()).isZero();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private InFlightLimit startDriver(int permits) {
        InFlightLimit limit = new InFlightLimit(permits);
        AsyncJournal<String, Routed> journal = AsyncJournal.builder(STORE, work, work, limit)
                .stats(stats).drainInterval(DRAIN).build();
        driver = new TopologyTestDriver(topology(journal), config());
        input = driver.createInputTopic(INPUT, new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(
                DEAD_LETTER_TOPIC, new StringDeserializer(), new StringDeserializer());
        return limit;
    }

    /** Wired the way a stage wires it. */
    static Topology topology(AsyncJournal<?, ?> journal) {
        Serializer<Object> text = (topic, value) ->
                value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
        Topology topology = new Topology();
        AsyncJournal.addRawSource(topology, "source", INPUT);
        topology.addProcessor("work", journal, "source")
                .addSink(ScriptedWork.OUT, OUTPUT, Serdes.String().serializer(), text, "work")
                .addSink(ScriptedWork.DEAD_LETTERS, DEAD_LETTER_TOPIC,
                        Serdes.String().serializer(), text, "work");
        return topology;
    }

    private Properties config() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "async-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** Input values still journalled, in journal-key (offset) order. */
    private List<String> journalValues() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(STORE);
        List<String> values = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry ->
                    values.add(ScriptedWork.text(JournalEntry.decode(entry.value).value())));
        }
        return values;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
