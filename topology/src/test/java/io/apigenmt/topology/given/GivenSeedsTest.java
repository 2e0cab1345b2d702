package io.apigenmt.topology.given;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.ConfigLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A long tasks file rides on several seeds, each well under the payload limit. */
class GivenSeedsTest {

    private static final PipelineConfig.Fanout FANOUT = ConfigLoader.defaults().build().fanout();

    @Test
    void shouldSplitSixHundredTauBenchSizedTasksIntoSeedsUnderTheByteBudget() throws IOException {
        // Given 600 retail tasks of tau-bench's size (a long instruction, a dozen actions) and 50 airline ones
        List<GivenTaskFile.Line> lines = new ArrayList<>();
        IntStream.range(0, 600).forEach(i -> lines.add(line(i, "retail")));
        IntStream.range(600, 650).forEach(i -> lines.add(line(i, "airline")));
        int budget = GivenSeeds.seedBudget(FANOUT.maxPayloadBytes());

        // When they are planned into seeds
        List<SeedRequest> seeds = GivenSeeds.plan(lines, "tau", 7L, Map.of("check_policy", "true"), budget,
                FANOUT.maxTasksPerSeed());

        // Then each seed is of one domain, carries at most the budget, requests exactly its tasks, and none is lost
        assertThat(seeds.size()).isGreaterThan(2);
        assertThat(seeds).allSatisfy(seed -> {
            assertThat(seed.getTasks()).isEqualTo(seed.getGivenTasks().size());
            assertThat(seed.toByteBuffer().remaining()).isLessThan(FANOUT.maxPayloadBytes());
            assertThat(seed.getGivenTasks().stream().mapToInt(GivenTaskFile::size).sum()).isLessThanOrEqualTo(budget);
            assertThat(seed.getOptions()).containsEntry("check_policy", "true");
            assertThat(seed.getRandomSeed()).isEqualTo(7L);
        });
        assertThat(seeds.stream().filter(s -> s.getDomain().equals("retail")).mapToInt(SeedRequest::getTasks).sum()).isEqualTo(600);
        assertThat(seeds).filteredOn(s -> s.getDomain().equals("airline")).extracting(SeedRequest::getSeedId)
                .containsExactly("tau-airline-1");
        assertThat(seeds.get(0).getSeedId()).isEqualTo("tau-retail-1");
        assertThat(seeds.get(1).getSeedId()).isEqualTo("tau-retail-2");
        // in file order
        assertThat(seeds.stream().filter(s -> s.getDomain().equals("retail")).flatMap(s -> s.getGivenTasks().stream())
                .map(GivenTask::getId)).containsExactlyElementsOf(IntStream.range(0, 600).mapToObj(Integer::toString).toList());
    }

    @Test
    void shouldStartANewSeedAtTheTaskCap() {
        List<GivenTaskFile.Line> lines = IntStream.range(0, 5).mapToObj(i -> line(i, "retail")).toList();

        List<SeedRequest> seeds = GivenSeeds.plan(lines, "s", 1L, Map.of(), 1 << 20, 2);

        assertThat(seeds).extracting(SeedRequest::getTasks).containsExactly(2, 2, 1);
    }

    private static GivenTaskFile.Line line(int i, String domain) {
        List<Action> actions = IntStream.range(0, 12).mapToObj(a -> new Action("get_order_details",
                "{\"order_id\": \"#W" + (1_000_000 + a) + "\"}")).toList();
        GivenTask task = GivenTask.newBuilder().setId(Integer.toString(i)).setUserId("user_" + i)
                .setInstruction("You are a customer with a long story to tell. ".repeat(15))
                .setActions(actions).setOutputs(List.of("12")).build();
        return new GivenTaskFile.Line(i + 1, domain, task);
    }
}
