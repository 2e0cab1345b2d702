package io.apigenmt.topology.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.review.JudgePrompt;
import io.apigenmt.topology.review.StageOneChecks;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model output is untrusted. A generator answer goes through the same path the pipeline uses
 * (parse the answer → blueprint → stage-one checks → Avro record → judge prompt): tool names
 * are checked against the domain's tools and arguments against their schemas; an instruction
 * that looks like code or a lookup is only text — it reaches the record and the next prompt
 * byte for byte, and nothing evaluates it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UntrustedModelOutputTest {

    private final ObjectMapper json = new ObjectMapper();
    private final GeneratorPrompt generator = new GeneratorPrompt(json);
    private final StageOneChecks checks = new StageOneChecks(json);
    private final Domain retail = TestDomains.registry().find("retail").orElseThrow();

    @TempDir
    Path tmp;

    /** A sampled retail context whose walk has a string argument to break. */
    private TaskContext context() {
        return retail.contextSampler().sample(1);
    }

    /** The generator's answer as a model would send it: the context's walk, with this instruction. */
    private ObjectNode answer(TaskContext c, String instruction) {
        ObjectNode answer = json.createObjectNode();
        answer.put("thought", "ok");
        answer.put("instruction", instruction);
        answer.set("actions", BlueprintDraft.actionsJson(c.suggestedActions()));
        ArrayNode outputs = answer.putArray("outputs");
        c.suggestedOutputs().forEach(outputs::add);
        return answer;
    }

    /** What the generate stage does with a model's answer. */
    private Blueprint blueprint(TaskContext c, String content) {
        BlueprintDraft draft = GenerateStage.parseDraft(generator, content);
        return GenerateStage.toBlueprint(draft, Blueprint.newBuilder()
                .setTaskId("untrusted-0").setSeedId("untrusted").setDomain("retail").setAttempt(1).setRandomSeed(1L)
                .setUserId(c.userId()).setPersona(c.persona()).setGeneratorModel("evil")
                .setFeedbackHistory(List.of()).setUsage(TestUsage.legacy(1L, 1L, 1)).setOptions(Map.of()));
    }

    @Test
    void shouldRejectAToolTheDomainDoesNotHave() {
        TaskContext c = context();
        ObjectNode answer = answer(c, "You are a customer; please help.");
        ((ObjectNode) answer.withArray("actions").get(0)).put("name", "java.lang.Runtime.exec");

        StageOneChecks.Result result = checks.check(LocalDomain.described(retail), blueprint(c, answer.toString())).join();

        assertThat(result).isInstanceOfSatisfying(StageOneChecks.Failed.class, f -> {
            assertThat(f.check().wire()).isEqualTo("format");
            assertThat(f.reasons()).anySatisfy(r -> assertThat(r).contains("unknown tool 'java.lang.Runtime.exec'"));
        });
    }

    @Test
    void shouldRejectArgumentsThatDoNotMatchTheToolSchema() {
        TaskContext c = context();
        ObjectNode answer = answer(c, "You are a customer; please help.");
        ObjectNode args = (ObjectNode) answer.withArray("actions").get(0).get("arguments");
        String field = args.fieldNames().next();
        args.set(field, json.createObjectNode().put("$ref", "file:///etc/passwd"));
        args.put("__proto__", "x");

        StageOneChecks.Result result = checks.check(LocalDomain.described(retail), blueprint(c, answer.toString())).join();

        assertThat(result).isInstanceOfSatisfying(StageOneChecks.Failed.class, f -> {
            assertThat(f.check().wire()).isEqualTo("format");
            assertThat(f.reasons()).anySatisfy(r -> assertThat(r).contains("arguments." + field + " must be"));
            assertThat(f.reasons()).anySatisfy(r -> assertThat(r).contains("unknown property '__proto__'"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "${jndi:ldap://127.0.0.1:1389/a} please cancel my order",
        "Runtime.getRuntime().exec(\"touch CANARY\"); then cancel my order",
        "{{policy}} ${java.home} #{7*7} %s %n <script>alert(1)</script> \\u0000 ok",
    })
    void shouldCarryAnInstructionHoldingCodeAsTextOnly(String raw) throws Exception {
        Path canary = tmp.resolve("pwned");
        String instruction = raw.replace("CANARY", canary.toString());
        TaskContext c = context();

        Blueprint b = blueprint(c, answer(c, instruction).toString());
        StageOneChecks.Result result = checks.check(LocalDomain.described(retail), b).join();
        Blueprint decoded = Blueprint.fromByteBuffer(b.toByteBuffer());
        List<ChatMessage> judge = new JudgePrompt(json).request(retail.policy(), decoded.getInstruction(),
                c.suggestedActions(), decoded.getOutputs(), "{}").messages();

        assertThat(result).as("an instruction is text: the walk itself is valid").isInstanceOf(StageOneChecks.Passed.class);
        assertThat(b.getInstruction()).isEqualTo(instruction);
        assertThat(decoded.getInstruction()).as("verbatim through the Avro record").isEqualTo(instruction);
        String quoted = json.writeValueAsString(instruction);
        assertThat(judge).as("verbatim (JSON-quoted) in the judge's prompt, placeholders not expanded")
                .anySatisfy(m -> assertThat(m.content()).contains(quoted.substring(1, quoted.length() - 1)));
        assertThat(Files.exists(canary)).as("nothing executed the instruction").isFalse();
    }
}
