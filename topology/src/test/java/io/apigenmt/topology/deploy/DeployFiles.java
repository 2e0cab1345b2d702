package io.apigenmt.topology.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reading the files under deploy/ for the tests: paths, YAML documents, compose interpolation, the Dockerfile. */
public final class DeployFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    /** The repository root: the first ancestor of the working directory holding deploy/ and pom.xml. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root with deploy/ above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return repoRoot().resolve("deploy");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under deploy/ whose name ends with one of the suffixes. */
    static List<Path> filesEndingWith(String... suffixes) {
        try (Stream<Path> walk = Files.walk(deploy())) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file ("---"-separated), empty documents dropped. */
    static List<JsonNode> yamlDocuments(Path file) {
        return yamlDocuments(read(file));
    }

    static List<JsonNode> yamlDocuments(String text) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /**
     * The compose file, read with SnakeYAML (Jackson's YAML parser does not apply {@code <<} merge
     * keys, which the file uses for the shared image definition) and every string interpolated.
     */
    static JsonNode compose() {
        Object tree = new org.yaml.snakeyaml.Yaml().load(read(deploy().resolve("compose.yaml")));
        return interpolateAll(JSON.valueToTree(tree));
    }

    private static JsonNode interpolateAll(JsonNode node) {
        if (node.isTextual()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(interpolate(node.asText()));
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(interpolateAll(n)));
            return out;
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
            node.properties().forEach(e -> out.set(e.getKey(), interpolateAll(e.getValue())));
            return out;
        }
        return node;
    }

    private static final Pattern COMPOSE_VAR = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    /**
     * Compose interpolation as with an empty environment: {@code ${VAR:-default}} becomes the
     * default, {@code ${VAR}} the empty string, {@code $$} a literal {@code $}.
     */
    static String interpolate(String s) {
        Matcher m = COMPOSE_VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rep = m.group().equals("$$") ? "$" : (m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A list of strings from a YAML sequence (or a single scalar split on spaces, compose's short form). */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.addAll(List.of(node.asText().trim().split("\\s+")));
        }
        return out;
    }

    /** A compose {@code environment:} section, map or list form, interpolated. */
    static Map<String, String> composeEnvironment(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null || env.isNull() || env.isMissingNode()) {
            return out;
        }
        if (env.isArray()) {
            env.forEach(n -> {
                String[] kv = n.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
            });
        } else {
            env.properties().forEach(e -> out.put(e.getKey(), interpolate(e.getValue().asText())));
        }
        return out;
    }

    /** The Dockerfile's instructions; stage is the index of the FROM they belong to (-1 before the first). */
    static List<DockerInstruction> dockerfile(Path file) {
        List<DockerInstruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = -1;
        for (String raw : read(file).split("\n", -1)) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && line.startsWith("#")) {
                continue; // comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int sp = text.indexOf(' ');
            String keyword = (sp < 0 ? text : text.substring(0, sp)).toUpperCase();
            String args = sp < 0 ? "" : text.substring(sp + 1).strip();
            if (keyword.equals("FROM")) {
                stage++;
            }
            out.add(new DockerInstruction(keyword, args, stage));
        }
        return out;
    }
}
