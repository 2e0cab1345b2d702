package io.apigenmt.domains.sampling;

import java.util.List;
import java.util.Random;

/** Short descriptions of how a simulated customer talks. */
public final class Personas {

    private static final List<String> ALL = List.of(
            "Brief and businesslike; answers only what is asked and expects the same.",
            "Friendly and chatty; shares context about why they need the change.",
            "Anxious about money; double-checks every amount before agreeing.",
            "Impatient; wants the issue solved quickly and dislikes repeated questions.",
            "Polite but hesitant; needs a clear summary before saying yes.",
            "Detail-oriented; spells out ids and numbers carefully.",
            "Busy parent multitasking; replies in short fragments.",
            "Skeptical of automated agents; asks for confirmation of each step.");

    private Personas() {}

    public static String pick(Random random) {
        return ALL.get(random.nextInt(ALL.size()));
    }
}
