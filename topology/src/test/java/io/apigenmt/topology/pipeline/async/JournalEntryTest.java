package io.apigenmt.topology.pipeline.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

    @Test
    void shouldRoundTripAnInputWithHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("a", null);
        Record<String, byte[]> input = new Record<>("task-7", new byte[] {0, 1, 2, -1}, 1234L, headers);

        Record<String, byte[]> back = JournalEntry.decode(JournalEntry.of(input).encode()).toRecord();

        assertThat(back.key()).isEqualTo("task-7");
        assertThat(back.value()).containsExactly(0, 1, 2, -1);
        assertThat(back.timestamp()).isEqualTo(1234L);
        assertThat(back.headers().toArray()).hasSize(2);
        assertThat(back.headers().toArray()[0].value()).containsExactly('1');
        assertThat(back.headers().toArray()[1].value()).isNull();
    }

    @Test
    void shouldRoundTripANullKeyAndTombstone() {
        Record<String, byte[]> input = new Record<>(null, null, 5L);

        Record<String, byte[]> back = JournalEntry.decode(JournalEntry.of(input).encode()).toRecord();

        assertThat(back.key()).isNull();
        assertThat(back.value()).isNull();
        assertThat(back.headers().toArray()).isEmpty();
    }

    @Test
    void shouldRejectBytesThatAreNotAnEntry() {
        assertThatThrownBy(() -> JournalEntry.decode(new byte[] {9, 9}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalEntry.decode(new byte[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeyByTopicPartitionAndZeroPaddedOffset() {
        assertThat(JournalEntry.keyOf("apigen.tasks", 3, 42))
                .isEqualTo("apigen.tasks/3/0000000000000000042");
        assertThat(JournalEntry.keyOf("t", 0, 9)).isLessThan(JournalEntry.keyOf("t", 0, 10));
    }
}
