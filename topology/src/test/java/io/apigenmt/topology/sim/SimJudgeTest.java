package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.regenerate.SummarizerPrompt;
import io.apigenmt.topology.review.JudgePrompt;
import io.apigenmt.topology.review.JudgeScores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimJudgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void judgesCatchMismatchesAndSometimesSplit() throws Exception {
        SimLlmOptions options = SimLlmOptions.defaults().withDefectRate(0.0);
        JudgePrompt judge = new JudgePrompt(JSON);
        GeneratorPrompt generator = new GeneratorPrompt(JSON);
        ActionPhrases phrases = new ActionPhrases(JSON);
        try (SimLlmServer server = new SimLlmServer(options, SimRoles.phaseOne(TestDomains.registry(), options, JSON).build(), JSON)) {
            SimHttp http = new SimHttp(server.start());
            int splits = 0;
            int validAccepted = 0;
            int mismatchCaught = 0;
            int blueprints = 0;
            for (String name : TestDomains.registry().names()) {
                Domain domain = TestDomains.registry().find(name).orElseThrow();
                for (long seed = 1; seed <= 20; seed++) {
                    TaskContext context = domain.contextSampler().sample(seed);
                    BlueprintDraft draft = generator.parse(http.content(generator.first(LocalDomain.described(domain), context), "sim-generator"));
                    String diff = diff(domain, draft.actions());
                    // A valid blueprint, and the same one whose instruction describes a different walk.
                    List<ToolCall> other = new ArrayList<>(draft.actions());
                    other.add(draft.actions().get(0));
                    String mismatched = draft.instruction() + " " + phrases.describe(draft.actions().get(0));
                    List<JudgeScores> valid = new ArrayList<>();
                    List<JudgeScores> wrong = new ArrayList<>();
                    for (int j = 1; j <= 3; j++) {
                        valid.add(judge.parse(http.content(judge.request(domain.policy(), draft.instruction(), draft.actions(),
                                draft.outputs(), diff), "sim-judge-" + j)));
                        wrong.add(judge.parse(http.content(judge.request(domain.policy(), mismatched, draft.actions(),
                                draft.outputs(), diff), "sim-judge-" + j)));
                    }
                    blueprints++;
                    if (majority(valid, JudgeScores::correctness) == 1 && majority(valid, JudgeScores::satisfaction) == 1) {
                        validAccepted++;
                    }
                    if (majority(wrong, JudgeScores::correctness) == 0) {
                        mismatchCaught++;
                        assertThat(wrong.stream().filter(s -> s.correctness() == 0).findFirst().orElseThrow().reflection())
                                .containsAnyOf("does not match", "describes");
                    }
                    if (split(valid) || split(wrong)) {
                        splits++;
                    }
                }
            }
            assertThat(validAccepted).isGreaterThanOrEqualTo(blueprints * 8 / 10);
            assertThat(mismatchCaught).isGreaterThanOrEqualTo(blueprints * 8 / 10);
            assertThat(splits).as("votes split sometimes").isPositive();
        }
    }

    @Test
    void summarizerNamesEveryReason() throws Exception {
        SummarizerPrompt prompt = new SummarizerPrompt(JSON);
        SimLlmOptions options = SimLlmOptions.defaults();
        try (SimLlmServer server = new SimLlmServer(options, SimRoles.phaseOne(TestDomains.registry(), options, JSON).build(), JSON)) {
            SimHttp http = new SimHttp(server.start());
            String plan = prompt.parse(http.content(prompt.request("Cancel my order.", List.of(), List.of(),
                    List.of("format: unknown tool cancel_order_now", "policy: order_modified_twice: order #W1 changed twice"),
                    List.of(new SummarizerPrompt.Critique("sim-judge-1", "Mismatch.", "Use order #W2."))), "sim-summarizer"));
            assertThat(plan).contains("unknown tool cancel_order_now", "order_modified_twice", "Use order #W2");
        }
    }

    private static String diff(Domain domain, List<ToolCall> actions) {
        Environment before = domain.newEnvironment();
        Environment after = domain.newEnvironment();
        actions.forEach(after::execute);
        return after.diffFrom(before).toJson();
    }

    private static int majority(List<JudgeScores> votes, java.util.function.ToIntFunction<JudgeScores> item) {
        int ones = votes.stream().mapToInt(item).sum();
        return ones * 2 > votes.size() ? 1 : 0;
    }

    private static boolean split(List<JudgeScores> votes) {
        List<java.util.function.ToIntFunction<JudgeScores>> items = List.of(JudgeScores::correctness,
                JudgeScores::completeness, JudgeScores::satisfaction, JudgeScores::creativity);
        for (var item : items) {
            int ones = votes.stream().mapToInt(item).sum();
            if (ones != 0 && ones != votes.size()) {
                return true;
            }
        }
        return false;
    }
}
