package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromTextTest {

    private static final String PAGE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3000000.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
            apigen_stage_records_in_total{stage="review"} 4.0
            apigen_stage_records_in_total{stage="generate"} 2.0
            apigen_stage_records_in_total{stage="review",odd="a \\"quoted\\", comma"} 1.0
            apigen_jvm_heap_after_gc_bytes 8.0E6
            kafka_stream_thread_poll_total{thread_id="x"} 99.0
            """;

    @Test
    void sumsTheAskedFamiliesByLabel() {
        PromText t = PromText.parse(PAGE, Set.of("jvm_memory_used_bytes", "apigen_stage_records_in_total",
                "apigen_jvm_heap_after_gc_bytes"));
        assertThat(t.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))).isEqualTo(15_000_000.0);
        assertThat(t.sum("apigen_jvm_heap_after_gc_bytes")).isEqualTo(8_000_000.0);
        assertThat(t.sumBy("apigen_stage_records_in_total", "stage")).isEqualTo(Map.of("review", 5.0, "generate", 2.0));
        assertThat(t.samples()).anySatisfy(s -> assertThat(s.labels()).containsEntry("odd", "a \"quoted\", comma"));
    }

    @Test
    void skipsFamiliesNotAskedFor() {
        PromText t = PromText.parse(PAGE, Set.of("apigen_jvm_heap_after_gc_bytes"));
        assertThat(t.samples()).hasSize(1);
        assertThat(t.sum("kafka_stream_thread_poll_total")).isZero();
    }

    @Test
    void rejectsAnUnreadableValue() {
        assertThatThrownBy(() -> PromText.parse("apigen_llm_waiting{endpoint=\"a\"} lots\n", Set.of("apigen_llm_waiting")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apigen_llm_waiting");
    }
}
