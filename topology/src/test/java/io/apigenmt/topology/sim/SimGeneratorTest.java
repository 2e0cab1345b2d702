package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.ChatRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimGeneratorTest {

    private static final DomainRegistry DOMAINS = TestDomains.registry();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeneratorPrompt PROMPT = new GeneratorPrompt(JSON);
    private static SimLlmServer server;
    private static SimHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = new SimLlmServer(SimLlmOptions.defaults(),
                SimRoles.phaseOne(DOMAINS, SimLlmOptions.defaults(), JSON).build(), JSON);
        http = new SimHttp(server.start());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bothReferenceDomainsAreLoaded() {
        assertThat(DOMAINS.names()).contains("retail", "airline");
    }

    @Test
    void validAnswersExecuteAndPassThePolicyCheck() throws Exception {
        SimLlmOptions clean = SimLlmOptions.defaults().withDefectRate(0.0);
        try (SimLlmServer noDefects = new SimLlmServer(clean, SimRoles.phaseOne(DOMAINS, clean, JSON).build(), JSON)) {
            SimHttp client = new SimHttp(noDefects.start());
            for (String name : DOMAINS.names()) {
                Domain domain = DOMAINS.find(name).orElseThrow();
                for (long seed = 1; seed <= 15; seed++) {
                    TaskContext context = domain.contextSampler().sample(seed);
                    BlueprintDraft draft = PROMPT.parse(client.content(PROMPT.first(LocalDomain.described(domain), context), "sim-generator"));
                    assertThat(draft.actions()).hasSameSizeAs(context.suggestedActions());
                    for (int i = 0; i < draft.actions().size(); i++) {
                        assertThat(SimJudge.sameCall(draft.actions().get(i), context.suggestedActions().get(i))).isTrue();
                    }
                    assertThat(draft.outputs()).isEqualTo(context.suggestedOutputs());
                    assertThat(StageOneCheck.check(domain, draft).verdict())
                            .as("%s seed %d: %s", name, seed, StageOneCheck.check(domain, draft).reasons())
                            .isEqualTo(StageOneCheck.Verdict.PASS);
                    assertThat(describesActions(draft)).isTrue();
                    assertThat(draft.instruction()).contains(context.userId());
                    for (String output : draft.outputs()) {
                        assertThat(draft.instruction()).contains("you expect to hear: " + output);
                    }
                }
            }
        }
    }

    @Test
    void defectsComeAtTheConfiguredRateAreCaughtByTheirCheckAndRevisionsFixMost() throws Exception {
        for (String name : DOMAINS.names()) {
            Domain domain = DOMAINS.find(name).orElseThrow();
            Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
            int n = 0;
            int fixed = 0;
            for (TaskContext context : variants(domain, 1000, 50, 4)) {
                BlueprintDraft draft = PROMPT.parse(http.content(PROMPT.first(LocalDomain.described(domain), context), "sim-generator"));
                Kind kind = classify(domain, draft);
                counts.merge(kind, 1, Integer::sum);
                n++;
                if (kind != Kind.VALID) {
                    ChatRequest revision = PROMPT.revision(LocalDomain.described(domain), context, draft, "Fix every problem the review named.");
                    if (classify(domain, PROMPT.parse(http.content(revision, "sim-generator"))) == Kind.VALID) {
                        fixed++;
                    }
                }
            }
            int defects = n - counts.getOrDefault(Kind.VALID, 0);
            // Expected 0.3 * 200 = 60; binomial sd ~6.5.
            assertThat(defects).as("%s %s", name, counts).isBetween(40, 80);
            for (Kind kind : List.of(Kind.FORMAT, Kind.EXECUTION, Kind.POLICY, Kind.MISMATCH)) {
                assertThat(counts.getOrDefault(kind, 0)).as("%s %s: %s", name, kind, counts).isGreaterThanOrEqualTo(4);
            }
            // Configured fix rate 0.85 (a few unfixed revisions are valid by chance).
            assertThat((double) fixed / defects).as("%s fixed %d of %d", name, fixed, defects).isBetween(0.70, 0.99);
        }
    }

    /**
     * {@code seeds} sampled contexts, each in {@code personas} persona variants: a different request
     * body is a fresh draw for the sim, and sampling (tens of ms in airline) is the slow part.
     */
    static List<TaskContext> variants(Domain domain, long firstSeed, int seeds, int personas) {
        List<TaskContext> out = new java.util.ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            TaskContext c = domain.contextSampler().sample(seed);
            for (int p = 0; p < personas; p++) {
                out.add(new TaskContext(c.userId(), c.user(), c.persona() + " (variant " + p + ")", c.suggestedActions(),
                        c.suggestedOutputs()));
            }
        }
        return out;
    }

    static boolean describesActions(BlueprintDraft draft) {
        List<io.apigenmt.domains.ToolCall> described = new ActionPhrases(JSON).parseAll(draft.instruction());
        if (described.size() != draft.actions().size()) {
            return false;
        }
        for (int i = 0; i < described.size(); i++) {
            if (!SimJudge.sameCall(described.get(i), draft.actions().get(i))) {
                return false;
            }
        }
        return true;
    }

    enum Kind { VALID, FORMAT, EXECUTION, POLICY, MISMATCH }

    static Kind classify(Domain domain, BlueprintDraft draft) {
        return switch (StageOneCheck.check(domain, draft).verdict()) {
            case FORMAT -> Kind.FORMAT;
            case EXECUTION -> Kind.EXECUTION;
            case POLICY -> Kind.POLICY;
            case PASS -> describesActions(draft) ? Kind.VALID : Kind.MISMATCH;
        };
    }
}
