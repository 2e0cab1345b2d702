package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.llm.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * tau-bench's reward as a pass/fail check: (a) the final state hash equals the hash after
 * replaying the blueprint's actions on a fresh episode, so only writes matter and reads are
 * free; (b) every expected output appears in some assistant message the user saw,
 * case-insensitively with commas removed on both sides. The hashes come from the environment
 * ({@code GET /v1/episodes/{id}/state}); an in-process domain compares states without hashing.
 */
public final class Verifier {

    private static final int MAX_DIFF_LINES = 6;
    private static final int MAX_VALUE_CHARS = 80;

    /**
     * The blueprint's actions replayed on a fresh episode; computed once per blueprint and
     * shared by its trials (read only after construction).
     *
     * @param replayErrors observations of actions that failed on replay (an approved blueprint has none)
     */
    public record Expected(EpisodeState state, String stateHash, List<String> replayErrors) {}

    /** Replays the actions on a fresh episode, which is closed afterwards. */
    public CompletableFuture<Expected> expect(DescribedDomain domain, List<ToolCall> actions) {
        return domain.openEpisode().thenCompose(episode -> {
            List<String> errors = new ArrayList<>();
            return replay(episode, actions, 0, errors)
                    .thenCompose(done -> episode.state())
                    .thenApply(state -> new Expected(state, state.hash().hex(), List.copyOf(errors)))
                    .whenComplete((e, error) -> episode.close());
        });
    }

    private static CompletableFuture<Void> replay(AsyncEpisode episode, List<ToolCall> actions, int i, List<String> errors) {
        if (i == actions.size()) {
            return CompletableFuture.completedFuture(null);
        }
        ToolCall action = actions.get(i);
        return episode.call(action).thenCompose(obs -> {
            if (obs.error()) {
                errors.add(action.name() + ": " + obs.content());
            }
            return replay(episode, actions, i + 1, errors);
        });
    }

    public Verification verify(Expected expected, EpisodeState actual, List<ChatMessage> messages, List<String> outputs) {
        boolean stateOk = actual.sameAs(expected.state());
        // Equal states hash equally: a passing trial needs no second hash of the whole database.
        String actualHash = stateOk ? expected.stateHash() : actual.hash().hex();
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> said = userVisibleAssistantText(messages);
        for (String output : outputs) {
            String wanted = normalize(output);
            if (said.stream().anyMatch(text -> text.contains(wanted))) {
                found.add(output);
            } else {
                missing.add(output);
            }
        }
        List<String> problems = new ArrayList<>();
        if (!stateOk) {
            problems.add("state mismatch: " + describeDiff(actual.changesFrom(expected.state())));
        }
        if (!missing.isEmpty()) {
            problems.add("missing outputs: the agent never told the user " + quoteAll(missing));
        }
        return new Verification(expected.stateHash(), actualHash, found, missing, problems.isEmpty(), String.join("; ", problems));
    }

    /** tau-bench's normalisation: lower case, commas removed ("$1,234.50" matches "1234.50"). */
    static String normalize(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replace(",", "");
    }

    /**
     * Text the user actually received: assistant messages without tool calls (a message that calls
     * a tool is an action, its text never reaches the user in our runner).
     */
    private static List<String> userVisibleAssistantText(List<ChatMessage> messages) {
        return messages.stream()
                .filter(m -> "assistant".equals(m.role()) && !m.hasToolCalls() && m.content() != null)
                .map(m -> normalize(m.content()))
                .toList();
    }

    /** "orders/#W1/status: expected "cancelled", got "pending"; ... (+3 more)". */
    private static String describeDiff(DiffPatch fromExpected) {
        if (fromExpected.isEmpty()) {
            // Hashes differ but the diff sees nothing: report that plainly rather than nothing.
            return "hashes differ but no record-level difference was found";
        }
        List<String> lines = new ArrayList<>();
        List<DiffPatch.Change> changes = fromExpected.changes();
        for (int i = 0; i < Math.min(MAX_DIFF_LINES, changes.size()); i++) {
            DiffPatch.Change c = changes.get(i);
            // changesFrom(expected): "before" is the expected value, "after" what the episode left.
            lines.add(c.path() + ": expected " + render(c.before()) + ", got " + render(c.after()));
        }
        String text = changes.size() + (changes.size() == 1 ? " difference: " : " differences: ") + String.join("; ", lines);
        if (changes.size() > MAX_DIFF_LINES) {
            text += "; (+" + (changes.size() - MAX_DIFF_LINES) + " more)";
        }
        return text;
    }

    private static String render(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 3) + "...";
    }

    private static String quoteAll(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add("\"" + v + "\"");
        }
        return String.join(", ", quoted);
    }
}
