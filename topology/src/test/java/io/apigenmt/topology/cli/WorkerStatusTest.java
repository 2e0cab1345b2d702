package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class WorkerStatusTest {

    private static WorkerStatus.Totals totals(long generate, long review, long calls, long inReview, KafkaStreams.State rollout) {
        return new WorkerStatus.Totals(new TreeMap<>(Map.of("generate", generate, "review", review)), Map.of("generate", 0L, "review", inReview),
                calls, new TreeMap<>(Map.of("generate", KafkaStreams.State.RUNNING, "review", KafkaStreams.State.RUNNING,
                        "rollout", rollout)));
    }

    @Test
    void shouldSayWhatTheMinuteBroughtAndWhatIsInFlight() {
        WorkerStatus status = new WorkerStatus(totals(10, 5, 100, 0, KafkaStreams.State.RUNNING));

        assertThat(status.line(totals(40, 25, 400, 12, KafkaStreams.State.RUNNING)))
                .isEqualTo("worker: 3/3 stages running · last minute: 50 records in (generate 30, review 20), 300 model calls"
                        + " · in flight: review 12");
        assertThat(status.line(totals(40, 25, 400, 0, KafkaStreams.State.ERROR)))
                .isEqualTo("worker: 2/3 stages running (rollout error) · idle this minute");
    }
}
