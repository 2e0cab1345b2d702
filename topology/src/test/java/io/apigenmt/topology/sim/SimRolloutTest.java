package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.rollout.Rollout;
import io.apigenmt.topology.rollout.RolloutConfig;
import io.apigenmt.topology.rollout.RolloutOutcome;
import io.apigenmt.topology.rollout.RolloutTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated user and agent, wired through the real rollout in-process: sampled tasks, the
 * instruction the sim generator writes, and tau-bench verification. The agent's deliberate
 * mistakes must make some rollouts fail, and only those.
 */
class SimRolloutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 100;
    private static DomainRegistry domains;

    @BeforeAll
    static void loadDomains() {
        domains = DomainRegistry.load();
    }

    static Stream<Arguments> domainNames() {
        return Stream.of(Arguments.of("retail"), Arguments.of("airline"));
    }

    private record Tally(int verified, int failed, List<String> failures, double meanMessages) {}

    private static Tally rollOut(Domain domain, double errorRate) throws Exception {
        InProcessSimModel user = new InProcessSimModel("sim-user", new SimUser(JSON), 7, JSON);
        InProcessSimModel agent = new InProcessSimModel("sim-agent", new SimAgent(JSON, errorRate, 7), 7, JSON);
        // The sim is deterministic per request, so further trials would replay the first one.
        Rollout rollout = new Rollout(RolloutConfig.defaults().withMaxTrials(1), user, agent, null);
        SimInstructions instructions = new SimInstructions(JSON);
        int verified = 0;
        long messages = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            TaskContext ctx = domain.contextSampler().sample(1000L + i);
            String instruction = instructions.build(ctx, ctx.suggestedActions(), ctx.suggestedOutputs());
            RolloutTask task = new RolloutTask(LocalDomain.described(domain), instruction, ctx.persona(), ctx.suggestedActions(), ctx.suggestedOutputs());
            RolloutOutcome outcome = rollout.run(task).get(10, TimeUnit.SECONDS);
            if (outcome instanceof RolloutOutcome.Verified v) {
                verified++;
                messages += v.messages().size();
                assertWellFormed(v.messages());
            } else if (outcome instanceof RolloutOutcome.AllTrialsFailed f) {
                failures.add(i + ": " + f.summary());
            }
        }
        return new Tally(verified, TASKS - verified, failures, verified == 0 ? 0 : (double) messages / verified);
    }

    /** Policy shape: a tool call never shares a turn with a reply, one call per turn, the user ends it. */
    private static void assertWellFormed(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m.hasToolCalls()) {
                assertThat(m.toolCalls()).hasSize(1);
                assertThat(m.content()).isNull();
            }
        }
        assertThat(messages.get(messages.size() - 1).content()).contains("###STOP###");
    }

    @ParameterizedTest
    @MethodSource("domainNames")
    void mostRolloutsVerifyAndSomeFailAtTheDefaultErrorRate(String name) throws Exception {
        Domain domain = domains.find(name).orElseThrow();

        Tally tally = rollOut(domain, SimAgent.DEFAULT_ERROR_RATE);

        assertThat(tally.verified()).as("verified of %d; failures:%n%s", TASKS, String.join("\n", tally.failures()))
                .isGreaterThan(TASKS * 70 / 100);
        assertThat(tally.failed()).as("some rollouts fail").isGreaterThan(0);
        assertThat(tally.meanMessages()).as("multi-turn conversations").isGreaterThan(8);
    }

    @ParameterizedTest
    @MethodSource("domainNames")
    void essentiallyAllRolloutsVerifyWithAPerfectAgent(String name) throws Exception {
        Domain domain = domains.find(name).orElseThrow();

        Tally tally = rollOut(domain, 0.0);

        assertThat(tally.failures()).as("failures with agentErrorRate 0").hasSizeLessThanOrEqualTo(TASKS / 50);
    }
}
