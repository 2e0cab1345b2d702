package io.apigenmt.topology.view;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code apigen redrive} command (DESIGN.md's CLI) that sends dead letters back to the stage that failed them. */
final class Redrive {

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:/@=,+-]+");

    private Redrive() {}

    /** For every dead letter of one reason, stage and seed; {@code clusterFlags} reach the cluster that holds them. */
    static String command(String reason, String stage, String seedId, List<String> clusterFlags) {
        List<String> words = new ArrayList<>(List.of("apigen", "redrive", "--reason", quote(reason), "--stage", quote(stage)));
        if (seedId != null && !seedId.isBlank()) {
            words.add("--seed-id");
            words.add(quote(seedId));
        }
        clusterFlags.stream().map(Redrive::quote).forEach(words::add);
        return String.join(" ", words);
    }

    static String quote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
