package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.config.ListSetting;
import io.apigenmt.topology.config.MapSetting;
import io.apigenmt.topology.config.Node;
import io.apigenmt.topology.config.Section;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code apigen config show}: every key, its value and where the value came from; bad values exit 2 naming the key. */
class ConfigShowCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Outcome execute(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("apigen.yaml"), yaml);
    }

    @Test
    void shouldListEveryDeclaredKeyAtItsDefaultOnACleanSetup() throws IOException {
        Outcome o = execute(Map.of(), "config", "show", "--json");

        assertThat(o.exit()).as(o.err()).isZero();
        List<String> keys = new ArrayList<>();
        o.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(declaredKeys(PipelineConfig.DECLARATION, ""));
        o.json().forEach(v -> assertThat(v.path("source").asText()).startsWith("default"));
        assertThat(o.json().path("worker.concurrency").path("value").asText()).isEqualTo("256");
        assertThat(o.json().path("llm.reviewers[2].model").path("value").asText()).isEqualTo("sim-judge-3");
        assertThat(o.json().path("llm.agent.timeout").path("source").asText()).isEqualTo("default via llm.timeout");

        Outcome table = execute(Map.of(), "config", "show");
        assertThat(table.out().lines()).hasSize(keys.size() + 1).first().asString().startsWith("KEY").contains("VALUE", "SOURCE");
        assertThat(table.out()).containsPattern("(?m)^worker\\.drain_interval_ms +20 +default$");
    }

    @Test
    void shouldTellForEachKeyWhetherTheFileTheEnvironmentOrAFlagSetIt() throws IOException {
        Path config = file("worker: { threads: 3 }\nllm: { user: { max-concurrency: 5 } }\n");

        Outcome o = execute(Map.of("APIGEN_WORKER__COMMIT_INTERVAL_MS", "500", "APIGEN_CONCURRENCY", "100"),
                "config", "show", "--json", "--config", config.toString(), "--concurrency", "50");

        JsonNode j = o.json();
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(j.path("worker.threads").toString()).isEqualTo(entry("3", "file " + config));
        assertThat(j.path("worker.commit_interval_ms").toString()).isEqualTo(entry("500", "env APIGEN_WORKER__COMMIT_INTERVAL_MS"));
        // --concurrency sets both the journal bound and the endpoint bound; a role's own bound in the file stays.
        assertThat(j.path("worker.concurrency").toString()).isEqualTo(entry("50", "flag --concurrency"));
        assertThat(j.path("llm.max_concurrency").toString()).isEqualTo(entry("50", "flag --concurrency"));
        assertThat(j.path("llm.generator.max_concurrency").toString())
                .isEqualTo(entry("50", "flag --concurrency via llm.max_concurrency"));
        assertThat(j.path("llm.user.max_concurrency").toString()).isEqualTo(entry("5", "file " + config));
    }

    @Test
    void shouldLetAVariableOfWorkerConcurrencyBoundTheEndpointsOnlyWhereNothingSetsTheirBound() throws IOException {
        Path config = file("llm: { max_concurrency: 32 }\n");

        JsonNode withFile = execute(Map.of("APIGEN_CONCURRENCY", "100"), "config", "show", "--json", "--config", config.toString())
                .json();
        JsonNode without = execute(Map.of("APIGEN_CONCURRENCY", "100"), "config", "show", "--json").json();

        assertThat(withFile.path("worker.concurrency").path("value").asText()).isEqualTo("100");
        assertThat(withFile.path("llm.agent.max_concurrency").path("value").asText()).isEqualTo("32");
        assertThat(without.path("llm.agent.max_concurrency").toString())
                .isEqualTo(entry("100", "env APIGEN_CONCURRENCY via worker.concurrency"));
    }

    @Test
    void shouldLetTheFileWinOverACommandsOwnDefault() throws IOException {
        JsonNode bench = execute(Map.of(), "config", "show", "--json", "--for", "bench").json();
        JsonNode benchWithFile = execute(Map.of(), "config", "show", "--json", "--for", "bench",
                "--config", file("worker: { concurrency: 100 }").toString()).json();

        assertThat(bench.path("worker.concurrency").toString()).isEqualTo(entry("64", "default of bench"));
        assertThat(bench.path("cluster.partitions").toString()).isEqualTo(entry("8", "default of bench"));
        assertThat(benchWithFile.path("worker.concurrency").path("value").asText()).isEqualTo("100");
        assertThat(execute(Map.of(), "config", "show", "--for", "nope").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldHideSecretValuesOfPassedThroughKafkaProperties() throws IOException {
        Path config = file("""
                cluster:
                  kafka:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="hunter2";'
                    ssl.truststore.password: hunter3
                """);

        Outcome o = execute(Map.of("APIGEN_CLUSTER__KAFKA__ssl.key.password", "hunter4"), "config", "show", "--config",
                config.toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).doesNotContain("hunter").containsPattern("(?m)^cluster\\.kafka\\.security\\.protocol +SASL_SSL ")
                .containsPattern("(?m)^cluster\\.kafka\\.sasl\\.jaas\\.config +\\[hidden] +file ")
                .containsPattern("(?m)^cluster\\.kafka\\.ssl\\.key\\.password +\\[hidden] +env APIGEN_CLUSTER__KAFKA__ssl.key.password$");
    }

    @Test
    void shouldExitTwoNamingTheKeyOfABadValueFromTheFileTheEnvironmentOrAFlag() throws IOException {
        Path out = dir.resolve("out");
        Path config = file("worker:\n  concurrency: -3\n");

        Outcome fromFile = execute(Map.of(), "run", "--out", out.toString(), "--config", config.toString());
        Outcome fromEnv = execute(Map.of("APIGEN_WORKER__CONCURRENCY", "-3"), "run", "--out", out.toString());
        Outcome fromFlag = execute(Map.of(), "run", "--out", out.toString(), "--concurrency", "-3");
        Outcome notANumber = execute(Map.of("APIGEN_THREADS", "two"), "worker", "--bootstrap-servers", "h:1");

        assertThat(List.of(fromFile, fromEnv, fromFlag, notANumber)).allSatisfy(o -> assertThat(o.exit()).isEqualTo(ExitCodes.USAGE));
        assertThat(fromFile.err().lines()).containsExactly("apigen run: worker.concurrency: -3 is not in [1, 100000] (file "
                + config + ")");
        assertThat(fromEnv.err().lines()).containsExactly(
                "apigen run: worker.concurrency: -3 is not in [1, 100000] (env APIGEN_WORKER__CONCURRENCY)");
        assertThat(fromFlag.err().lines()).containsExactly(
                "apigen run: worker.concurrency: -3 is not in [1, 100000] (flag --concurrency)");
        assertThat(notANumber.err().lines()).containsExactly("apigen worker: worker.threads: 'two' is not an integer (env APIGEN_THREADS)");
        assertThat(out).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingAnUnknownKeyOfTheFileOrTheEnvironment() throws IOException {
        Outcome fromFile = execute(Map.of(), "config", "show", "--config", file("worker: { concurency: 4 }").toString());
        Outcome fromEnv = execute(Map.of("APIGEN_WORKER__CONCURENCY", "4"), "config", "show");

        assertThat(fromFile.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err().lines()).singleElement().asString().startsWith("apigen config show: unknown setting worker.concurency (file ");
        assertThat(fromEnv.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromEnv.err().lines()).singleElement().asString()
                .startsWith("apigen config show: unknown setting worker.concurency (env APIGEN_WORKER__CONCURENCY; known: stages, ");
    }

    private static String entry(String value, String source) {
        return JSON.createObjectNode().put("value", value).put("source", source).toString();
    }

    /** The keys of a declaration at their defaults, walked here independently of the resolver. */
    private static List<String> declaredKeys(Section section, String path) {
        List<String> keys = new ArrayList<>();
        for (Node key : section.keys()) {
            String p = path.isEmpty() ? key.name() : path + "." + key.name();
            if (key instanceof Section s) {
                keys.addAll(declaredKeys(s, p));
            } else if (key instanceof MapSetting<?> m) {
                if (m.defaults().isEmpty()) {
                    keys.add(p);
                }
                m.defaults().keySet().forEach(name -> keys.add(p + "." + name));
            } else if (key instanceof ListSetting l) {
                keys.add(p);
                for (int i = 0; i < l.defaultSize(); i++) {
                    keys.addAll(declaredKeys(l.element(), p + "[" + i + "]"));
                }
            } else {
                keys.add(p);
            }
        }
        return keys;
    }
}
