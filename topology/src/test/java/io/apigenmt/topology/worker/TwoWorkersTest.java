package io.apigenmt.topology.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.llm.LlmMetrics;
import io.apigenmt.topology.llm.LlmRuntime;
import io.apigenmt.topology.llm.LlmSettings;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.StageMetrics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, Tests: two workers in one JVM (every stage, each its own Kafka Streams instances,
 * LLM runtime and stage counters, as two {@code apigen worker} processes would have) split each
 * stage's partitions and together finish a seed with a balanced ledger and no task id verified
 * twice.
 */
class TwoWorkersTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final String SEED_ID = "two-workers-seed";
    private static final int TASKS = 24;
    private static final int CONCURRENCY = 64;

    @TempDir
    Path tmp;

    private SimLlmServer sim;
    private final List<Running> workers = new ArrayList<>();

    /** One worker as WorkerLauncher assembles it, with its own counters. */
    private record Running(String id, Worker worker, LlmRuntime llm, CountingStageMetrics metrics) {

        KafkaStreams streamsOf(String stage) {
            List<Stage> stages = worker.stages();
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i).name().equals(stage)) {
                    return worker.streams().get(i);
                }
            }
            throw new AssertionError("worker " + id + " runs no stage " + stage);
        }

        /** The input partitions this worker's stage owns as active tasks right now. */
        Set<TopicPartition> activePartitions(String stage) {
            Set<TopicPartition> owned = new HashSet<>();
            streamsOf(stage).metadataForLocalThreads().forEach(thread ->
                    thread.activeTasks().forEach(task -> owned.addAll(task.topicPartitions())));
            return owned;
        }
    }

    /** Records in and out per stage, per worker. */
    static final class CountingStageMetrics implements StageMetrics {
        private final Map<String, LongAdder> in = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> out = new ConcurrentHashMap<>();

        @Override
        public void recordIn(String stage) {
            in.computeIfAbsent(stage, s -> new LongAdder()).increment();
        }

        @Override
        public void recordOut(String stage, String kind) {
            out.computeIfAbsent(stage, s -> new LongAdder()).increment();
        }

        long in(String stage) {
            LongAdder a = in.get(stage);
            return a == null ? 0 : a.sum();
        }

        long out(String stage) {
            LongAdder a = out.get(stage);
            return a == null ? 0 : a.sum();
        }

        @Override
        public String toString() {
            return "in=" + in + " out=" + out;
        }
    }

    @AfterEach
    void stop() {
        // Close both workers at once: neither waits out the other's shutdown.
        List<Thread> closers = new ArrayList<>();
        for (Running r : workers) {
            Thread t = new Thread(() -> {
                r.worker().close();
                r.llm().close();
            }, "close-" + r.id());
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoWorkersSplitThePartitionsAndFinishASeedTogether() throws Exception {
        sim = SimLlm.server(SimLlmOptions.defaults().withLatency(50, 20), DomainRegistry.load());
        sim.start();
        PipelineConfig config = ConfigLoader.defaults()
                .set("cluster.bootstrap_servers", cluster.bootstrapServers())
                .set("cluster.schema_registry_url", cluster.registryUrl())
                .set("cluster.partitions", EmbeddedCluster.TEST_PARTITIONS)
                .set("worker.state_dir", tmp.resolve("state").toString())
                .set("worker.threads", 1)
                .set("worker.concurrency", CONCURRENCY)
                .set("llm.base_url", sim.baseUrl())
                .build();
        long t0 = System.nanoTime();
        // Distinct ids: distinct state dirs (<state_dir>/<id>) and static-membership instance ids.
        workers.add(launch(config, "worker-a"));
        workers.add(launch(config, "worker-b"));
        workers.forEach(r -> r.worker().start());

        // Both members joined every stage and the assignment settled: each worker owns a non-empty,
        // disjoint share of each model stage's input partitions.
        List<String> splitStages = List.of(GenerateStage.NAME, ReviewStage.NAME, RolloutStage.NAME);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Running r : workers) {
                assertThat(r.worker().states().values()).as("states of " + r.id())
                        .allMatch(s -> s == KafkaStreams.State.RUNNING);
            }
            for (String stage : splitStages) {
                Set<TopicPartition> a = workers.get(0).activePartitions(stage);
                Set<TopicPartition> b = workers.get(1).activePartitions(stage);
                assertThat(a).as(stage + " partitions of worker-a").isNotEmpty();
                assertThat(b).as(stage + " partitions of worker-b").isNotEmpty();
                assertThat(a).as(stage + " partitions owned by both").doesNotContainAnyElementsOf(b);
            }
        });
        long ready = System.nanoTime();

        try (SeedPublisher publisher = new SeedPublisher(cluster.clientProperties(), cluster.topics(),
                cluster.registryClient())) {
            publisher.publish(new SeedRequest(SEED_ID, "retail", TASKS, 7L, Map.of(), List.of()));
        }

        SeedCheck seedCheck = new SeedCheck(DomainRegistry.load().names(), config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        Ledger ledger = new Ledger(config.rollout().trials(), SEED_ID::equals);
        try (LedgerReader reader = new LedgerReader(cluster.clientProperties(), cluster.topics(),
                cluster.registryClient(), seedCheck, ledger)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        reader.catchUp();
                        return ledger.requested() == TASKS && ledger.inFlight() == 0;
                    });
        }
        long done = System.nanoTime();

        // The books balance: every task ended exactly once, verified or dead-lettered.
        assertThat(ledger.requested()).isEqualTo(TASKS);
        assertThat(ledger.verified() + ledger.deadLettered()).as("verified + dead_lettered").isEqualTo(TASKS);
        assertThat(ledger.verified()).as("verified trajectories").isPositive();

        // No task id twice among the verified trajectories (read_committed), and one terminal record per task.
        Harness.Terminals terminals = Harness.terminals(cluster.clientProperties(), cluster.topics(),
                cluster.registryClient());
        List<String> verifiedIds = terminals.verified().stream().map(Trajectory::getTaskId)
                .filter(id -> id.startsWith(SEED_ID + "-")).toList();
        assertThat(verifiedIds).as("verified task ids").doesNotHaveDuplicates().hasSize((int) ledger.verified());
        assertThat(Harness.terminalCounts(terminals, Map.of(SEED_ID, TASKS)))
                .as("terminal records per task id").allSatisfy((task, c) -> assertThat(c).as(task).isEqualTo(1));

        // Both workers did the work: each still owns a share of the model stages' partitions and
        // each took input in generate, review and rollout (its own counters and async journal).
        for (Running r : workers) {
            for (String stage : splitStages) {
                assertThat(r.activePartitions(stage)).as(stage + " partitions of " + r.id()).isNotEmpty();
                assertThat(r.metrics().in(stage)).as(stage + " records in at " + r.id() + ": " + r.metrics()).isPositive();
                Stage s = r.worker().stages().stream().filter(x -> x.name().equals(stage)).findFirst().orElseThrow();
                assertThat(s.asyncStats()).as(stage + " async stats at " + r.id()).isPresent();
                assertThat(s.asyncStats().get().completed()).as(stage + " units completed at " + r.id()).isPositive();
            }
        }
        long inA = splitStages.stream().mapToLong(workers.get(0).metrics()::in).sum();
        long inB = splitStages.stream().mapToLong(workers.get(1).metrics()::in).sum();
        System.out.printf("two workers: ready in %d ms, seed of %d done in %d ms (verified %d, dead-lettered %d); "
                        + "records in (generate+review+rollout) worker-a %d, worker-b %d; partitions review a=%s b=%s%n",
                TimeUnit.NANOSECONDS.toMillis(ready - t0), TASKS, TimeUnit.NANOSECONDS.toMillis(done - ready),
                ledger.verified(), ledger.deadLettered(), inA, inB,
                partitions(workers.get(0).activePartitions(ReviewStage.NAME)),
                partitions(workers.get(1).activePartitions(ReviewStage.NAME)));
    }

    /** A worker built like WorkerLauncher builds one, against the in-process sim-llm. */
    private Running launch(PipelineConfig config, String workerId) {
        LlmSettings settings = config.llm();
        LlmRuntime llm = LlmRuntime.create(settings, LlmMetrics.NOOP, System::getenv);
        CountingStageMetrics metrics = new CountingStageMetrics();
        Worker worker = new Worker(config, Worker.parseStages("all"), workerId, true, cluster.registryClient(),
                Domains.of(DomainRegistry.load()), llm.roles(settings), metrics);
        return new Running(workerId, worker, llm, metrics);
    }

    private static Set<Integer> partitions(Set<TopicPartition> tps) {
        Set<Integer> out = new TreeSet<>();
        tps.forEach(tp -> out.add(tp.partition()));
        return out;
    }
}
