package io.apigenmt.topology.health;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One pause of a stage: since when, until when (null while it lasts) and why, one {@link Down}
 * per dependency that was down (the latest problem of each).
 */
public record Pause(String stage, Instant since, Instant until, List<Down> why) {

    /** A dependency that was down, and its problem. */
    public record Down(String dependency, Problem problem) {
        @Override
        public String toString() {
            return problem.message();
        }
    }

    public Pause {
        why = List.copyOf(why);
    }

    public boolean ongoing() {
        return until == null;
    }

    /** How long it lasted, or lasts so far. */
    public Duration length(Instant now) {
        return Duration.between(since, until == null ? now : until);
    }

    /** The reasons of every dependency it waits for. */
    public Set<Problem.Reason> reasons() {
        Set<Problem.Reason> reasons = EnumSet.noneOf(Problem.Reason.class);
        why.forEach(d -> reasons.add(d.problem().reason()));
        return reasons;
    }

    /** "model 'x' at http://...: connection refused; ..." */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Down d : why) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(d.problem().message());
        }
        return s.toString();
    }
}
