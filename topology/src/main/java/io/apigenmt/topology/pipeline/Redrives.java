package io.apigenmt.topology.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * How often a task was sent back from a dead letter ({@code apigen redrive}), carried in the
 * options of every record about it (task request, blueprints, dead letter), like a
 * {@link Membership}. The ledger counts a task by its latest terminal record: a record of a later
 * generation supersedes a dead letter of an earlier one. A redriven task gets the attempt budget
 * afresh, counted from {@code baseAttempt} ({@link AttemptBudget}).
 *
 * @param generation  0 for a task never redriven, n after its n-th redrive
 * @param baseAttempt the attempts the task had used when it was last redriven (its new budget
 *                    counts from there)
 */
public record Redrives(int generation, int baseAttempt) {

    /** The prefix of the options this record writes; seeds may not set them (fan-out refuses them). */
    public static final String PREFIX = "redrive.";
    private static final String GENERATION = PREFIX + "generation";
    private static final String BASE_ATTEMPT = PREFIX + "base_attempt";

    public static final Redrives NEVER = new Redrives(0, 0);

    /** What these options record; {@link #NEVER} when nothing (or something malformed). */
    public static Redrives of(Map<String, String> options) {
        if (options == null || !options.containsKey(GENERATION)) {
            return NEVER;
        }
        try {
            int generation = Integer.parseInt(options.get(GENERATION));
            int base = Integer.parseInt(options.getOrDefault(BASE_ATTEMPT, "0"));
            return generation > 0 && base >= 0 ? new Redrives(generation, base) : NEVER;
        } catch (NumberFormatException e) {
            return NEVER;
        }
    }

    /** The next redrive of a task that resumes after {@code usedAttempts} attempts. */
    public Redrives next(int usedAttempts) {
        return new Redrives(generation + 1, Math.max(0, usedAttempts));
    }

    /** {@code options} with this record in place of any earlier one. */
    public Map<String, String> writeTo(Map<String, String> options) {
        Map<String, String> out = without(options);
        if (generation > 0) {
            out.put(GENERATION, Integer.toString(generation));
            out.put(BASE_ATTEMPT, Integer.toString(baseAttempt));
        }
        return out;
    }

    /** {@code options} without any redrive record (a combined task is a task of its own). */
    public static Map<String, String> without(Map<String, String> options) {
        Map<String, String> out = new HashMap<>(options == null ? Map.of() : options);
        out.keySet().removeIf(Redrives::isReserved);
        return out;
    }

    public static boolean isReserved(String option) {
        return option.startsWith(PREFIX);
    }
}
