package io.apigenmt.domains.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The small databases in tau-bench's layout under {@code src/test/resources/taubench/} (written for
 * these tests in tau-bench's field order and number types), and calls on them.
 */
public final class TauBenchFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TauBenchFixtures() {}

    /** The fixture directory of a domain: {@code retail} or {@code airline}. */
    public static Path dir(String domain) {
        try {
            return Path.of(TauBenchFixtures.class.getResource("/taubench/" + domain).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of a fixture directory that a test may break. */
    public static Path copy(String domain, Path into) {
        try (Stream<Path> files = Files.list(dir(domain))) {
            Path target = Files.createDirectories(into.resolve(domain));
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    public static void write(Path file, JsonNode content) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), content);
    }

    public static Observation call(Environment env, String tool, String argumentsJson) {
        try {
            return env.execute(new ToolCall(tool, JSON.readTree(argumentsJson)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
