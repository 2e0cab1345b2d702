package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.topology.pipeline.async.Routed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Where typed outputs go, and what undecodable input becomes, for every model-bound stage. */
class StageEdgesTest {

    private final Topics topics = new Topics();
    private final StageHarness.RecordingMetrics metrics = new StageHarness.RecordingMetrics();
    private final StageContext ctx = new StageContext(null, topics, null, null, null, new ObjectMapper(),
            StageHarness.CLOCK, metrics);
    private final StageEdges<Blueprint> edges = new StageEdges<>("review", ctx, "Blueprint", bytes -> blueprint(),
            List.of(topics.approved(), topics.retry(), topics.deadLetters()));

    private static Blueprint blueprint() {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain("retail").setAttempt(2).setUserId("u")
                .setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("g")
                .setUsage(Usages.zero()).build();
    }

    @Test
    void shouldRouteEachOutputToTheTopicOfItsTypeKeyedByTaskAndCountIt() {
        Blueprint b = blueprint();
        ApprovedBlueprint approved = new ApprovedBlueprint(b, "{}", List.of(), 1.0, List.of());
        DeadLetter dead = ctx.deadLetters("review").forBlueprint(b, DeadLetterReason.UNKNOWN_DOMAIN, "unknown domain", null);

        Routed toApproved = edges.route(new Output.Approved(approved));
        Routed toRetry = edges.route(new Output.Retry(b, Rejection.POLICY, List.of("refund over limit"), List.of(), null));
        Routed toDead = edges.route(new Output.Dead(dead));

        assertThat(toApproved).isEqualTo(new Routed(topics.approved().name(), "t-1", approved));
        assertThat(toRetry).isEqualTo(new Routed(topics.retry().name(), "t-1",
                new RejectedBlueprint(b, "policy", List.of("refund over limit"), List.of(), null)));
        assertThat(toDead).isEqualTo(new Routed(topics.deadLetters().name(), "t-1", dead));
        assertThat(metrics.outs()).containsExactly("review:approved", "review:retry.policy", "review:dead-letter.unknown_domain");
    }

    @Test
    void shouldRefuseAnOutputForATopicTheStageDoesNotWrite() {
        assertThatThrownBy(() -> edges.route(new Output.Candidate(blueprint())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stage review does not write " + topics.candidates().name());
        assertThat(metrics.outs()).isEmpty();
    }

    @Test
    void shouldDeadLetterUndecodableInputWithItsBytesAsSettlingNoTask() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        Record<String, byte[]> input = new Record<>("k-9", garbage, 0L);

        List<Output> outputs = edges.undecodable(input, new IllegalArgumentException("unknown magic byte"));

        assertThat(outputs).containsExactly(new Output.Dead(DeadLetter.newBuilder()
                .setId("k-9").setStage("review").setReason("undecodable").setError("not a Blueprint: unknown magic byte")
                .setAttempts(0).setPayload(ByteBuffer.wrap(garbage)).setPayloadJson(null).setSeedId("")
                .setDomain("").setTasks(0).setUsage(null).setAt(StageHarness.CLOCK.millis()).build()));
    }
}
