package io.apigenmt.topology.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedriveTest {

    @Test
    void shouldNameReasonStageSeedAndTheClusterInACommandAShellRunsAsIs() {
        assertThat(Redrive.command("rollout_failed", "rollout", "run-1-retail",
                List.of("--bootstrap-servers", "kafka:9092", "--schema-registry-url", "http://sr:8081")))
                .isEqualTo("apigen redrive --reason rollout_failed --stage rollout --seed-id run-1-retail"
                        + " --bootstrap-servers kafka:9092 --schema-registry-url http://sr:8081");
        assertThat(Redrive.command("undecodable", "generate", "", List.of()))
                .isEqualTo("apigen redrive --reason undecodable --stage generate");
        assertThat(Redrive.quote("it's; rm -rf")).isEqualTo("'it'\\''s; rm -rf'");
    }
}
