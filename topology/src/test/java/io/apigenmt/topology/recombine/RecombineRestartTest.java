package io.apigenmt.topology.recombine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.StageMetrics;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import io.apigenmt.topology.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A half-collected group survives its worker: the first member's outcome lives in the logged
 * group store, so a new worker with an empty state directory (the pod rescheduled on another
 * machine) restores it and combines the group when the second member arrives, on a real broker.
 */
class RecombineRestartTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    @TempDir
    Path tmp;

    /** Counts records the collector took in. */
    private static final class Arrivals implements StageMetrics {
        final AtomicInteger in = new AtomicInteger();

        @Override
        public void recordIn(String stage) {
            in.incrementAndGet();
        }

        @Override
        public void recordOut(String stage, String kind) {}
    }

    private Worker worker(String stateDir, Arrivals arrivals) {
        PipelineConfig config = ConfigLoader.defaults()
                .set("cluster.bootstrap_servers", cluster.bootstrapServers())
                .set("cluster.schema_registry_url", cluster.registryUrl())
                .set("cluster.partitions", EmbeddedCluster.TEST_PARTITIONS)
                .set("worker.state_dir", tmp.resolve(stateDir).toString())
                .set("worker.threads", 1)
                .build();
        // One static member name, as a restarted pod keeps: the new worker takes the old one's place at once.
        return new Worker(config, Set.of(RecombineStage.NAME), "recombine-worker", true, cluster.registryClient(),
                TestDomains.domains(), StageHarness.roles(ScriptedChatModel.answering("gen",
                        "{\"thought\": \"t\", \"instruction\": \"Do both.\"}"), null, null, null, null), arrivals);
    }

    private static ApprovedBlueprint approvedMember(int index) {
        SeedRequest seed = new SeedRequest("r", "retail", 2, 5L, Map.of(RecombinationPlan.OPTION, "2"), List.of());
        Map<String, String> options = RecombinationPlan.of(seed).orElseThrow().taskOptions("r", seed.getOptions(), index, 2);
        TaskContext context = Membership.context(LocalDomain.described(TestDomains.registry().find("retail").orElseThrow()),
                index, options).join();
        Blueprint b = Blueprint.newBuilder()
                .setTaskId("r-" + index).setSeedId("r").setDomain("retail").setAttempt(1).setUserId(context.userId())
                .setInstruction("Member " + index + ".")
                .setActions(context.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of()).setGeneratorModel("g").setUsage(TestUsage.legacy(1L, 1L, 1)).setOptions(options)
                .build();
        return new ApprovedBlueprint(b, "{}", List.of(), 1.0, List.of());
    }

    private void publish(ApprovedBlueprint approved) throws Exception {
        Topic<ApprovedBlueprint> topic = cluster.topics().approved();
        try (KafkaProducer<String, ApprovedBlueprint> producer = new KafkaProducer<>(cluster.clientProperties(),
                topic.keySerde().serializer(), topic.valueSerde(cluster.registryClient()).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), approved.getBlueprint().getTaskId(), approved)).get();
        }
    }

    private static void awaitRunning(Worker worker) {
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.states().values().stream()
                .allMatch(s -> s == KafkaStreams.State.RUNNING));
    }

    @Test
    @Timeout(180)
    void shouldCombineAGroupWhoseFirstMemberArrivedBeforeTheWorkerWasReplaced() throws Exception {
        // Given a worker that has taken in the first member of group r-c0 and then goes away
        Arrivals first = new Arrivals();
        try (Worker a = worker("a", first)) {
            a.start();
            awaitRunning(a);
            publish(approvedMember(0));
            await().atMost(Duration.ofSeconds(60)).until(() -> first.in.get() >= 1);
        }

        // When a new worker with an empty state directory takes over and the second member arrives
        Arrivals second = new Arrivals();
        try (Worker b = worker("b", second)) {
            b.start();
            awaitRunning(b);
            publish(approvedMember(1));

            // Then the group is combined from both members, exactly once
            List<Blueprint> candidates = new ArrayList<>();
            Topic<Blueprint> topic = cluster.topics().candidates();
            Map<String, Object> props = new HashMap<>(cluster.consumerProperties());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, Blueprint> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                    topic.valueSerde(cluster.registryClient()).deserializer())) {
                consumer.subscribe(List.of(topic.name()));
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> candidates.add(r.value()));
                    return !candidates.isEmpty();
                });
                // A little longer: a duplicate would have been written in the same burst
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> candidates.add(r.value()));
            }
            assertThat(candidates).hasSize(1);
            Blueprint combined = candidates.get(0);
            assertThat(combined.getTaskId()).isEqualTo("r-c0");
            assertThat(combined.getInstruction()).isEqualTo("Do both.");
            List<Action> both = new ArrayList<>(approvedMember(0).getBlueprint().getActions());
            both.addAll(approvedMember(1).getBlueprint().getActions());
            assertThat(combined.getActions()).isEqualTo(both);
            assertThat(combined.getOptions()).containsEntry(Membership.COMBINED_FROM, "r-0,r-1");
        }
    }
}
