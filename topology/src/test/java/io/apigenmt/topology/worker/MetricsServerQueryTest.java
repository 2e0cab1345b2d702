package io.apigenmt.topology.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsServerQueryTest {

    @Test
    void namesSelectFamiliesAndCountersMatchWithOrWithoutTotal() {
        assertThat(MetricsServer.requestedNames(null)).isEmpty();
        assertThat(MetricsServer.requestedNames("foo=bar")).isEmpty();
        assertThat(MetricsServer.requestedNames("name%5B%5D=jvm_memory_used_bytes&name[]=apigen_llm_calls_total&x=1"))
                .containsExactlyInAnyOrder("jvm_memory_used_bytes", "apigen_llm_calls_total", "apigen_llm_calls");
    }
}
