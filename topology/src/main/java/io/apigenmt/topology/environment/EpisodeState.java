package io.apigenmt.topology.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.StateHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of an episode as {@code GET /v1/episodes/{id}/state} reports it: the hash of the whole
 * state (equal states, equal hashes) and the change from the reference state. Read it after the
 * episode's last call.
 */
public interface EpisodeState {

    StateHash hash();

    /** The change from the environment's reference state (empty when the environment reports none). */
    DiffPatch diff();

    /** Whether this state equals {@code other}'s, i.e. whether their hashes are equal. */
    default boolean sameAs(EpisodeState other) {
        return hash().equals(other.hash());
    }

    /**
     * What differs from {@code expected}: each change's {@code before} is the expected value,
     * {@code after} this state's. Derived from both states' changes from the reference state.
     */
    default DiffPatch changesFrom(EpisodeState expected) {
        return between(expected.diff(), diff());
    }

    /** A state as an environment reported it. */
    static EpisodeState reported(StateHash hash, DiffPatch diff) {
        return new Reported(hash, diff);
    }

    record Reported(StateHash hash, DiffPatch diff) implements EpisodeState {
        public Reported {
            Objects.requireNonNull(hash, "hash");
            diff = diff == null ? new DiffPatch(List.of()) : diff;
        }
    }

    /**
     * The changes from one state to another, given both as changes from the same reference: a path
     * only one side changed still has its reference value on the other side.
     */
    static DiffPatch between(DiffPatch expected, DiffPatch actual) {
        Map<String, DiffPatch.Change> wanted = byPath(expected);
        Map<String, DiffPatch.Change> got = byPath(actual);
        List<DiffPatch.Change> out = new ArrayList<>();
        for (DiffPatch.Change a : got.values()) {
            DiffPatch.Change e = wanted.get(a.path());
            JsonNode expectedValue = e == null ? a.before() : e.after();
            if (!Objects.equals(expectedValue, a.after())) {
                out.add(new DiffPatch.Change(a.path(), expectedValue, a.after()));
            }
        }
        for (DiffPatch.Change e : wanted.values()) {
            if (!got.containsKey(e.path()) && !Objects.equals(e.after(), e.before())) {
                out.add(new DiffPatch.Change(e.path(), e.after(), e.before()));
            }
        }
        return new DiffPatch(List.copyOf(out));
    }

    private static Map<String, DiffPatch.Change> byPath(DiffPatch patch) {
        Map<String, DiffPatch.Change> out = new LinkedHashMap<>();
        patch.changes().forEach(c -> out.put(c.path(), c));
        return out;
    }
}
