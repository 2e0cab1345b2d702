package io.apigenmt.topology.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Observation;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.rollout.AgentToolCalls;
import io.apigenmt.topology.rollout.Verification;
import io.apigenmt.topology.rollout.Verifier;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Re-verifies a dataset row as the rollout verified the trial it came from: the conversation's tool
 * calls replayed on a fresh episode the way the rollout ran them ({@link AgentToolCalls}), the
 * ground-truth actions replayed on another, then the rollout's {@link Verifier}: equal state hashes
 * and every expected output in an assistant text. Built-in domains only, in process (their
 * futures are complete when returned, so waiting on them costs nothing).
 */
public final class DatasetVerifier {

    private final Function<String, Optional<Domain>> domains;
    private final ObjectMapper json;
    private final Verifier verifier = new Verifier();

    public DatasetVerifier(Function<String, Optional<Domain>> domains, ObjectMapper json) {
        this.domains = domains;
        this.json = json;
    }

    public RowVerdict verify(DatasetRow row) {
        Optional<Domain> found = domains.apply(row.domain());
        if (found.isEmpty()) {
            return RowVerdict.failed("unknown domain '" + row.domain() + "'");
        }
        DescribedDomain domain = LocalDomain.described(found.get());
        Verifier.Expected expected = verifier.expect(domain, row.actions()).join();
        if (!expected.replayErrors().isEmpty()) {
            return RowVerdict.failed("a ground-truth action fails on a fresh environment: " + expected.replayErrors().get(0));
        }
        AsyncEpisode episode = domain.openEpisode().join();
        int differing = 0;
        for (DatasetRow.RecordedCall call : row.calls()) {
            if (AgentToolCalls.wasNotExecuted(call.observation())) {
                continue;
            }
            Observation observation = AgentToolCalls.execute(episode, call.name(), call.argumentsJson(), json).join();
            if (call.observation() != null && !call.observation().equals(observation.content())) {
                differing++;
            }
        }
        List<ChatMessage> said = row.assistantTexts().stream().map(ChatMessage::assistant).toList();
        Verification verification = verifier.verify(expected, episode.state().join(), said, row.outputs());
        return new RowVerdict(verification.passed(), verification.summary(), differing);
    }
}
