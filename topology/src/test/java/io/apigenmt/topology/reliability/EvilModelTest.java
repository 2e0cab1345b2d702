package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.OpenAiChatModel;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.sim.SimPrompts;
import io.apigenmt.topology.sim.SimRole;
import io.apigenmt.topology.sim.SimRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Semantically bad data from the model: a generator that answers every task with one defect —
 * an unknown tool, an argument of the wrong type, an empty instruction, or a 1 MB answer — kept
 * through every re-ask and revision. Each task ends as a dead letter (directly, or after the retry loop)
 * whose error names the defect; no stream thread dies, the worker keeps running, and the
 * ledger balances.
 */
class EvilModelTest {

    /** The defects, in the order they are dealt to distinct task contexts, and how a dead letter names each. */
    enum Defect {
        UNKNOWN_TOOL("unknown tool 'evil_unknown_tool'"),
        ARGUMENT_TYPE("must be a string but was"),
        /** Caught by the answer parser (re-asked, then generation_failed) before the review's format check. */
        EMPTY_INSTRUCTION("\"instruction\" must be a non-empty string"),
        HUGE_ANSWER("-byte limit");

        final String named;

        Defect(String named) {
            this.named = named;
        }

        static Optional<Defect> namedIn(String error) {
            for (Defect d : values()) {
                if (error != null && error.contains(d.named)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** Deals the defects round-robin over task contexts; a revision of a task gets its task's defect again. */
    static final class EvilGenerator implements SimRole {
        private final ObjectMapper json;
        private final Map<String, Defect> dealt = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        EvilGenerator(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public ObjectNode respond(JsonNode request, SplittableRandom random) {
            Optional<JsonNode> block = SimPrompts.jsonBlock(json, request, PromptBlock.TASK_CONTEXT);
            if (block.isEmpty()) {
                // Not a task (the endpoint's health check): it answers, as any server does.
                return json.createObjectNode().put("role", "assistant").put("content", "OK");
            }
            JsonNode ctx = block.get();
            Defect defect = dealt.computeIfAbsent(ctx.path("user_id").asText() + "|" + ctx.path("suggested_actions"),
                    k -> Defect.values()[next.getAndIncrement() % Defect.values().length]);
            ArrayNode actions = ctx.path("suggested_actions").deepCopy();
            ObjectNode answer = json.createObjectNode();
            answer.put("thought", "I know better.");
            answer.put("instruction", "You are a customer. Please do what the actions say.");
            answer.set("actions", actions);
            answer.set("outputs", ctx.path("suggested_outputs").deepCopy());
            switch (defect) {
                case UNKNOWN_TOOL -> ((ObjectNode) actions.get(0)).put("name", "evil_unknown_tool");
                case ARGUMENT_TYPE -> wrongType(actions);
                case EMPTY_INSTRUCTION -> answer.put("instruction", "");
                case HUGE_ANSWER -> answer.put("thought", "x".repeat(1024 * 1024));
                default -> throw new IllegalStateException();
            }
            ObjectNode message = json.createObjectNode();
            message.put("role", "assistant");
            message.put("content", answer.toString());
            return message;
        }

        /** The first string argument of any action becomes a number. */
        private static void wrongType(ArrayNode actions) {
            for (JsonNode action : actions) {
                ObjectNode args = (ObjectNode) action.path("arguments");
                for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (args.get(field).isTextual()) {
                        args.put(field, 12345);
                        return;
                    }
                }
            }
            throw new IllegalStateException("no string argument to break in " + actions);
        }
    }

    private Rig rig;
    private EvilGenerator evil;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SimLlmOptions options = SimLlmOptions.defaults();
        evil = new EvilGenerator(json);
        SimRoles roles = SimLlm.roles(options, DomainRegistry.load(), json)
                .add(SimRoles.GENERATOR, evil, r -> SimPrompts.hasBlock(r, PromptBlock.TASK_CONTEXT))
                .build();
        rig = Rig.start("evil-", () -> new SimLlmServer(options, roles, json));
    }

    @AfterEach
    void stop() {
        Harness.stop(worker);
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldDeadLetterEveryTaskWithTheDefectNamedAndKeepRunning() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        Map<String, Integer> seeds = Map.of("evil-retail", 8);
        Path log = rig.work().resolve("worker.log");
        worker = Harness.worker(log, rig.platform().bootstrapServers(), rig.platform().registryUrl(), rig.sim().baseUrl(), "evil-worker",
                Files.createDirectories(rig.work().resolve("state")), Map.of());
        Harness.awaitLog(worker, log, "worker running", Duration.ofSeconds(60));
        Harness.publishSeed(props, topics, registry, "evil-retail", "retail", 8);

        await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500))
                .until(() -> Harness.allTerminal(props, topics, registry, seeds));

        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, rig.platform().bootstrapServers(),
                rig.platform().registryUrl());
        Harness.assertWholeReportBalances(rig.platform().bootstrapServers(), rig.platform().registryUrl());
        assertThat(end.verified()).as("nothing a broken model said was verified").isEmpty();
        Map<Defect, List<DeadLetter>> byDefect = new EnumMap<>(Defect.class);
        for (DeadLetter d : end.deadLetters()) {
            Defect defect = Defect.namedIn(d.getError()).orElseThrow(() -> new AssertionError(
                    "dead letter of " + d.getId() + " (" + d.getStage() + "/" + d.getReason() + ") names no defect: " + d.getError()));
            byDefect.computeIfAbsent(defect, k -> new java.util.ArrayList<>()).add(d);
        }
        assertThat(evil.dealt.size()).as("distinct task contexts").isGreaterThanOrEqualTo(Defect.values().length);
        assertThat(byDefect.keySet()).as("every defect dead-lettered: " + byDefect.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue().size()))).containsExactly(Defect.values());
        // Bad answers go round the review/regenerate loop until the budget is spent; an answer
        // over the client's size cap fails in the client (retried) and the generate stage.
        assertThat(byDefect.get(Defect.UNKNOWN_TOOL)).allSatisfy(d -> assertThat(d.getReason()).isEqualTo("review_exhausted"));
        assertThat(byDefect.get(Defect.ARGUMENT_TYPE)).allSatisfy(d -> assertThat(d.getReason()).isEqualTo("review_exhausted"));
        assertThat(byDefect.get(Defect.EMPTY_INSTRUCTION)).allSatisfy(d -> assertThat(d.getReason()).isEqualTo("generation_failed"));
        assertThat(byDefect.get(Defect.HUGE_ANSWER)).allSatisfy(d -> {
            assertThat(d.getReason()).isEqualTo("generation_failed");
            assertThat(d.getError()).contains(String.valueOf(OpenAiChatModel.MAX_RESPONSE_BYTES)).hasSizeLessThan(4096);
        });
        assertThat(worker.isAlive()).as("worker still running").isTrue();
        assertThat(Harness.read(log)).as("no stream thread died").doesNotContain("stream thread failed");
    }
}
