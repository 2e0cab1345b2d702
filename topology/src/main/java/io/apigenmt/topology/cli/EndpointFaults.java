package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.pipeline.ModelFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a run made nothing because of its model endpoints rather than its tasks: no task
 * verified, and every dead letter's {@code fault} is {@code endpoint} (the endpoint failed the
 * calls while it answered the health probe: a model without tool support, a timeout too short
 * for it, a parameter it refuses). Then {@code run} exits 1 with a one-line summary; partial
 * success, or failures of the tasks themselves, stay exit 0.
 */
final class EndpointFaults {

    private static final int EXCERPT = 300;

    private EndpointFaults() {
    }

    /**
     * @param report      the run's report (requested, verified)
     * @param deadLetters the run's dead-letters.jsonl
     * @return the summary line when the run failed for its endpoints; empty otherwise
     */
    static Optional<String> nothingVerified(JsonNode report, Path deadLetters) {
        if (report.path("verified").asLong() > 0 || report.path("requested").asLong() == 0 || !Files.exists(deadLetters)) {
            return Optional.empty();
        }
        List<JsonNode> letters = read(deadLetters);
        boolean allEndpoint = !letters.isEmpty()
                && letters.stream().allMatch(d -> ModelFault.ENDPOINT.wire().equals(d.path("fault").asText(null)));
        if (!allEndpoint) {
            return Optional.empty();
        }
        JsonNode first = letters.get(0);
        String error = first.path("error").asText("").replaceAll("\\s+", " ").strip();
        if (error.length() > EXCERPT) {
            error = error.substring(0, EXCERPT) + "...";
        }
        return Optional.of("no task verified: all " + letters.size() + " dead letters are model endpoint faults, e.g. "
                + first.path("stage").asText() + ": " + error + " (see " + deadLetters + ")");
    }

    private static List<JsonNode> read(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
