package io.apigenmt.topology.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.tools.ReferenceDomain;
import io.apigenmt.topology.pipeline.BlueprintActions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen domain exec}: runs lists of tool calls, each on a fresh environment, and writes
 * what they answered and the database they left: for debugging tasks and for comparing with
 * another implementation of the tools.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Runs each input line's actions on a fresh environment. Input lines: "
                + "{\"id\": ..., \"actions\": [{\"name\": ..., \"arguments\": {...}}]}; output lines: "
                + "{\"id\", \"observations\", \"errors\", \"state\", \"state_hash\"}.")
final class DomainExecCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "The domain whose tools run.")
    String domain;

    @Option(names = DomainSource.FLAG, paramLabel = "D=DIR",
            description = "Run built-in domain D on the database in DIR (tau-bench's JSON layout); repeatable.")
    Map<String, Path> domainData;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "JSONL of action lists.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL of results, one line per input line.")
    Path out;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        Domain target = DomainSource.of(domainData).require(domain, "--domain");
        if (!Files.isRegularFile(in)) {
            throw new UsageException("--in: no such file: " + in);
        }
        int lines = 0;
        int failed = 0;
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                ObjectNode result;
                try {
                    result = run(target, json.readTree(line));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    // A bad line gets an answer too, so every input line has its output line.
                    failed++;
                    result = json.createObjectNode();
                    result.set("id", idOf(line));
                    result.put("error", "line " + lines + ": " + (e instanceof JsonProcessingException p
                            ? "not valid JSON: " + p.getOriginalMessage() : e.getMessage()));
                }
                writer.write(json.writeValueAsString(result));
                writer.write('\n');
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("--out: cannot create " + out);
        }
        spec.commandLine().getOut().println("ran " + (lines - failed) + " of " + lines + " action lists on " + domain
                + "; results in " + out);
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + lines + " input lines could not be run (see their error in "
                    + out + ")");
        }
        return ExitCodes.OK;
    }

    private ObjectNode run(Domain target, JsonNode input) {
        if (input == null || !input.isObject() || !input.path("actions").isArray()) {
            throw new IllegalArgumentException("expected {\"id\": ..., \"actions\": [{\"name\": ..., \"arguments\": {...}}]}");
        }
        Environment env = target.newEnvironment();
        ObjectNode result = json.createObjectNode();
        result.set("id", input.get("id"));
        ArrayNode observations = result.putArray("observations");
        ArrayNode errors = result.putArray("errors");
        int index = 0;
        for (JsonNode action : input.get("actions")) {
            index++;
            ToolCall call;
            try {
                call = BlueprintActions.fromJson(action, json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("action " + index + ": " + e.getMessage());
            }
            Observation observation = env.execute(call);
            observations.add(observation.content());
            errors.add(observation.error());
        }
        if (target instanceof ReferenceDomain reference) {
            result.set("state", reference.tables(env));
        }
        result.put("state_hash", env.stateHash().hex());
        return result;
    }

    /** The id of a line that could not be run, when it can be read at all. */
    private JsonNode idOf(String line) {
        try {
            JsonNode node = json.readTree(line);
            return node != null && node.has("id") ? node.get("id") : json.nullNode();
        } catch (JsonProcessingException e) {
            return json.nullNode();
        }
    }
}
