package io.apigenmt.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.schemas.JsonSafeLong;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out stage's production topology on a test driver, against a real schema registry. */
class FanoutStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final int CAP = 50;
    private static final int MAX_PAYLOAD = 600;
    private static final long AT = StageHarness.CLOCK.millis();

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics();
    private StageHarness harness;

    @BeforeEach
    void startStage() {
        harness = StageHarness.start(FanoutStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(null, null, null, null, null), io.apigenmt.topology.pipeline.StageMetrics.NOOP,
                l -> l.set("fanout.max_tasks_per_seed", CAP).set("fanout.max_payload_bytes", MAX_PAYLOAD)), stateDir);
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    @Test
    void shouldFanOutASeedIntoOneTaskPerIndexWithDistinctRandomSeeds() {
        // Given a seed asking for 5 retail tasks
        SeedRequest seed = new SeedRequest("s1", "retail", 5, 7L, Map.of("tone", "terse"), List.of());

        // When it is published
        harness.pipe(topics.seeds(), "s1", seed);

        // Then 5 tasks come out, keyed s1-0..s1-4, each with its own random seed derived from 7
        List<KeyValue<String, TaskRequest>> tasks = harness.read(topics.tasks());
        assertThat(tasks).containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(i -> KeyValue.pair("s1-" + i,
                new TaskRequest("s1-" + i, "s1", "retail", i, FanoutStage.taskRandomSeed(7L, i),
                        Map.of("tone", "terse"), null, null))).toList());
        assertThat(tasks.stream().map(kv -> kv.value.getRandomSeed()).distinct()).hasSize(5);
        assertThat(tasks.stream().map(kv -> kv.value.getRandomSeed())).doesNotContain(7L);
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    @Test
    void shouldDeriveTaskSeedsThatFitIn53BitsFromAny64BitSeed() {
        // Given seeds already on the topic with full 64-bit random seeds (records of older versions)
        long[] seeds = {Long.MIN_VALUE, -1L, 0L, 1L, JsonSafeLong.MAX + 1, Long.MAX_VALUE};
        for (int s = 0; s < seeds.length; s++) {
            harness.pipe(topics.seeds(), "w" + s, new SeedRequest("w" + s, "retail", 20, seeds[s], Map.of(), List.of()));
        }

        // Then every task seed is within [0, 2^53) and they stay distinct
        List<Long> taskSeeds = harness.read(topics.tasks()).stream().map(kv -> kv.value.getRandomSeed()).toList();
        assertThat(taskSeeds).hasSize(seeds.length * 20).allSatisfy(v ->
                assertThat(v).isBetween(0L, JsonSafeLong.MAX));
        assertThat(taskSeeds.stream().distinct()).hasSize(taskSeeds.size());
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    @Test
    void shouldGiveTheSameTasksForTheSameSeedAndOthersForAnotherRandomSeed() {
        harness.pipe(topics.seeds(), "a", new SeedRequest("a", "airline", 3, 1L, Map.of(), List.of()));
        harness.pipe(topics.seeds(), "a", new SeedRequest("a", "airline", 3, 1L, Map.of(), List.of()));
        harness.pipe(topics.seeds(), "b", new SeedRequest("b", "airline", 3, 2L, Map.of(), List.of()));

        List<KeyValue<String, TaskRequest>> tasks = harness.read(topics.tasks());
        assertThat(tasks).hasSize(9);
        assertThat(tasks.subList(0, 3)).isEqualTo(tasks.subList(3, 6));
        assertThat(tasks.subList(6, 9).stream().map(kv -> kv.value.getRandomSeed()))
                .doesNotContainAnyElementsOf(tasks.subList(0, 3).stream().map(kv -> kv.value.getRandomSeed()).toList());
    }

    @Test
    void shouldAcceptASeedAtExactlyTheCap() {
        harness.pipe(topics.seeds(), "full", new SeedRequest("full", "retail", CAP, 3L, Map.of(), List.of()));

        assertThat(harness.read(topics.tasks())).hasSize(CAP);
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    @Test
    void shouldDeadLetterUndecodableBytesAndKeepProcessing() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        harness.pipeBytes(topics.seeds(), "junk", garbage);

        DeadLetter dl = onlyDeadLetter("junk");
        assertThat(dl.getReason()).isEqualTo("undecodable");
        assertThat(dl.getError()).startsWith("not a SeedRequest: ");
        assertThat(dl).isEqualTo(seedDeadLetter("junk", "", "undecodable", dl.getError(), garbage));
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterAWrongMagicByteAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("m", "retail", 2, 1L, Map.of(), List.of()));
        bytes[0] = 7;

        harness.pipeBytes(topics.seeds(), "m", bytes);

        DeadLetter dl = onlyDeadLetter("m");
        assertThat(dl.getReason()).isEqualTo("undecodable");
        assertThat(dl.getError()).startsWith("not a SeedRequest: ").containsIgnoringCase("magic");
        assertThat(dl).isEqualTo(seedDeadLetter("m", "", "undecodable", dl.getError(), bytes));
        assertThat(harness.read(topics.tasks())).isEmpty();
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterAnUnknownDomainAndKeepProcessing() {
        SeedRequest seed = new SeedRequest("u", "banking", 2, 1L, Map.of(), List.of());
        byte[] bytes = harness.bytes(topics.seeds(), seed);

        harness.pipeBytes(topics.seeds(), "u", bytes);

        DeadLetter dl = onlyDeadLetter("u");
        // The registry's order of names is not fixed: check the sentence, then each name.
        assertThat(dl.getError()).startsWith("unknown domain 'banking'; known: ").contains("retail").contains("airline");
        assertThat(dl).isEqualTo(seedDeadLetter("u", "banking", "unknown_domain", dl.getError(), bytes));
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterASeedAskingForNoTasksAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("z", "retail", 0, 1L, Map.of(), List.of()));

        harness.pipeBytes(topics.seeds(), "z", bytes);

        assertThat(onlyDeadLetter("z")).isEqualTo(seedDeadLetter("z", "retail", "invalid_task_count",
                "tasks must be at least 1, got 0", bytes));
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterASeedAskingForANegativeNumberOfTasksAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("n", "airline", -3, 1L, Map.of(), List.of()));

        harness.pipeBytes(topics.seeds(), "n", bytes);

        assertThat(onlyDeadLetter("n")).isEqualTo(seedDeadLetter("n", "airline", "invalid_task_count",
                "tasks must be at least 1, got -3", bytes));
        assertKeepsProcessing();
    }

    @Test
    void shouldMarkEveryCompleteGroupOfARecombiningSeedInItsTasksOptions() {
        // Given a seed of 5 tasks asking to recombine pairs
        harness.pipe(topics.seeds(), "r", new SeedRequest("r", "retail", 5, 7L, Map.of("recombine", "2", "tone", "terse"), List.of()));

        // Then tasks 0-1 and 2-3 form groups r-c0 and r-c1 sharing a customer seed; task 4 is in none
        List<TaskRequest> tasks = harness.read(topics.tasks()).stream().map(kv -> kv.value).toList();
        assertThat(tasks).hasSize(5);
        assertThat(tasks).allSatisfy(t -> assertThat(t.getOptions()).containsEntry("recombine", "2").containsEntry("tone", "terse"));
        for (int i = 0; i < 4; i++) {
            assertThat(Membership.of(tasks.get(i).getOptions())).contains(new Membership("r-c" + (i / 2), 2, i % 2));
        }
        assertThat(Membership.of(tasks.get(4).getOptions())).isEmpty();
        assertThat(tasks.get(0).getOptions().get("recombine.customer_seed"))
                .isEqualTo(tasks.get(1).getOptions().get("recombine.customer_seed"))
                .isNotEqualTo(tasks.get(2).getOptions().get("recombine.customer_seed"));
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    private static GivenTask givenTask(String id) {
        return GivenTask.newBuilder().setId(id).setUserId("u").setInstruction("Do " + id + ".")
                .setActions(List.of(new Action("get_user_details", "{\"user_id\":\"u\"}"))).setOutputs(List.of()).build();
    }

    @Test
    void shouldGiveEachTaskOfASeedOfGivenTasksItsGivenTask() {
        // Given a seed carrying three given tasks (a tasks file)
        List<GivenTask> given = List.of(givenTask("a"), givenTask("b"), givenTask("c"));
        harness.pipe(topics.seeds(), "g", new SeedRequest("g", "retail", 3, 5L, Map.of("check_policy", "true"), given));

        // Then task i carries given task i, with the seed's options, under the usual ids
        List<KeyValue<String, TaskRequest>> tasks = harness.read(topics.tasks());
        assertThat(tasks).extracting(kv -> kv.key).containsExactly("g-0", "g-1", "g-2");
        assertThat(tasks).extracting(kv -> kv.value.getGiven()).containsExactlyElementsOf(given);
        assertThat(tasks).allSatisfy(kv -> assertThat(kv.value.getOptions()).containsEntry("check_policy", "true"));
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    @Test
    void shouldDeadLetterASeedWhoseTaskCountDisagreesWithItsGivenTasksOrThatRecombinesThem() {
        byte[] counted = harness.bytes(topics.seeds(), new SeedRequest("n", "retail", 3, 1L, Map.of(), List.of(givenTask("a"))));
        byte[] combined = harness.bytes(topics.seeds(), new SeedRequest("r", "retail", 2, 1L, Map.of("recombine", "2"),
                List.of(givenTask("a"), givenTask("b"))));

        harness.pipeBytes(topics.seeds(), "n", counted);
        harness.pipeBytes(topics.seeds(), "r", combined);

        List<KeyValue<String, DeadLetter>> dls = harness.read(topics.deadLetters());
        assertThat(dls).extracting(kv -> kv.value).containsExactly(
                seedDeadLetter("n", "retail", "invalid_seed", "tasks is 3 but the seed carries 1 given tasks", counted),
                seedDeadLetter("r", "retail", "invalid_option",
                        "given tasks are rolled out as given and cannot be recombined (option recombine)", combined));
        assertThat(harness.read(topics.tasks())).isEmpty();
    }

    @Test
    void shouldDeadLetterASeedWithAnUnusableRecombinationOptionAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("k", "retail", 4, 1L, Map.of("recombine", "9"), List.of()));

        harness.pipeBytes(topics.seeds(), "k", bytes);

        assertThat(onlyDeadLetter("k")).isEqualTo(seedDeadLetter("k", "retail", "invalid_option",
                "option recombine must be a whole number from 2 to 4, got '9'", bytes));
        assertThat(harness.read(topics.tasks())).isEmpty();
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterASeedThatForgesTheRedriveOptionsTheLedgerCountsBy() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("k", "retail", 2, 1L, Map.of("redrive.generation", "5"), List.of()));

        harness.pipeBytes(topics.seeds(), "k", bytes);

        assertThat(onlyDeadLetter("k")).isEqualTo(seedDeadLetter("k", "retail", "invalid_option",
                "option redrive.generation is reserved: options starting with redrive. are written by apigen redrive", bytes));
        assertThat(harness.read(topics.tasks())).isEmpty();
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterASeedAskingForMoreTasksThanTheCapAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("big", "retail", CAP + 1, 1L, Map.of(), List.of()));

        harness.pipeBytes(topics.seeds(), "big", bytes);

        assertThat(onlyDeadLetter("big")).isEqualTo(seedDeadLetter("big", "retail", "too_many_tasks",
                "tasks 51 exceeds the per-seed cap of 50", bytes));
        assertThat(harness.read(topics.tasks())).isEmpty();
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterAnOversizedPayloadAndKeepProcessing() {
        byte[] bytes = harness.bytes(topics.seeds(),
                new SeedRequest("fat", "retail", 1, 1L, Map.of("padding", "x".repeat(MAX_PAYLOAD)), List.of()));

        harness.pipeBytes(topics.seeds(), "fat", bytes);

        // Not decoded at all: the key names it.
        assertThat(onlyDeadLetter("fat")).isEqualTo(seedDeadLetter("fat", "", "payload_too_large",
                "seed record of " + bytes.length + " bytes exceeds the limit of " + MAX_PAYLOAD, bytes));
        assertThat(harness.read(topics.tasks())).isEmpty();
        assertKeepsProcessing();
    }

    @Test
    void shouldDeadLetterASeedWithoutAnIdUnderItsKey() {
        byte[] bytes = harness.bytes(topics.seeds(), new SeedRequest("", "retail", 1, 1L, Map.of(), List.of()));

        harness.pipeBytes(topics.seeds(), "keyed", bytes);

        assertThat(onlyDeadLetter("keyed")).isEqualTo(seedDeadLetter("keyed", "retail", "invalid_seed",
                "seed_id is empty", bytes));
        assertKeepsProcessing();
    }

    private DeadLetter onlyDeadLetter(String key) {
        List<KeyValue<String, DeadLetter>> dls = harness.read(topics.deadLetters());
        assertThat(dls).hasSize(1);
        assertThat(dls.get(0).key).isEqualTo(key);
        return dls.get(0).value;
    }

    private static DeadLetter seedDeadLetter(String id, String domain, String reason, String error, byte[] payload) {
        return DeadLetter.newBuilder()
                .setId(id).setStage("fan-out").setReason(reason).setError(error).setAttempts(0)
                .setPayload(ByteBuffer.wrap(payload)).setPayloadJson(null)
                .setSeedId(id).setDomain(domain).setTasks(1).setUsage(null).setAt(AT)
                .build();
    }

    /** A good seed after the bad one still fans out: the stage did not stop. */
    private void assertKeepsProcessing() {
        harness.read(topics.tasks());
        harness.pipe(topics.seeds(), "ok", new SeedRequest("ok", "retail", 1, 9L, Map.of(), List.of()));
        assertThat(harness.read(topics.tasks())).containsExactly(KeyValue.pair("ok-0",
                new TaskRequest("ok-0", "ok", "retail", 0, FanoutStage.taskRandomSeed(9L, 0), Map.of(), null, null)));
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }
}
