package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Layers configuration, lowest precedence first: built-in defaults, the {@code --config} file
 * (YAML or JSON), environment variables, flags. Environment variables named
 * {@code APIGEN_SECTION__KEY} (double underscore between levels) set {@code section.key}; a few
 * common ones have short aliases (see {@link #ALIASES}).
 */
public final class ConfigLoader {

    /** Short environment variable names for the settings users change most. */
    static final Map<String, String> ALIASES = Map.of(
            "APIGEN_BOOTSTRAP_SERVERS", "cluster.bootstrap_servers",
            "APIGEN_SCHEMA_REGISTRY_URL", "cluster.schema_registry_url",
            "APIGEN_TOPIC_PREFIX", "cluster.topic_prefix",
            "APIGEN_CONCURRENCY", "worker.concurrency",
            "APIGEN_THREADS", "worker.threads",
            "APIGEN_STAGES", "worker.stages",
            "APIGEN_METRICS_PORT", "worker.metrics_port");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final ObjectNode tree;

    private ConfigLoader(ObjectNode tree) {
        this.tree = tree;
    }

    /** Defaults, then the file (if any), then the environment. Flags follow through {@link #set}. */
    public static ConfigLoader load(Path file, Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(readDefaults());
        if (file != null) {
            loader.merge(readFile(file));
        }
        loader.applyEnvironment(env);
        return loader;
    }

    public static ConfigLoader defaults() {
        return new ConfigLoader(readDefaults());
    }

    /** Sets one dotted path (e.g. {@code worker.concurrency}) to a flag's value; null leaves it. */
    public ConfigLoader set(String dottedPath, Object value) {
        if (value == null) {
            return this;
        }
        return set(dottedPath.split("\\.", -1), value);
    }

    /** Sets the value at these levels; a level may itself hold dots (a Kafka property name). */
    private ConfigLoader set(String[] parts, Object value) {
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], YAML.valueToTree(value));
        return this;
    }

    public PipelineConfig build() {
        try {
            return YAML.treeToValue(tree, PipelineConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage());
        }
    }

    private void applyEnvironment(Map<String, String> env) {
        env.forEach((name, value) -> {
            String path = ALIASES.get(name);
            if (path == null && name.startsWith("APIGEN_") && name.contains("__")) {
                // Kafka property names keep their own case and dots: only section names are lower-cased.
                String[] levels = name.substring("APIGEN_".length()).split("__");
                for (int i = 0; i < Math.min(2, levels.length); i++) {
                    levels[i] = levels[i].toLowerCase(Locale.ROOT);
                }
                // By levels, not a dotted path: "security.protocol" is one key, not two.
                set(levels, TextNode.valueOf(value));
            } else if (path != null) {
                set(path, TextNode.valueOf(value));
            }
        });
    }

    private void merge(JsonNode overlay) {
        deepMerge(tree, overlay);
    }

    private static void deepMerge(ObjectNode base, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = base.get(f.getKey());
            if (existing instanceof ObjectNode obj && f.getValue().isObject()) {
                deepMerge(obj, f.getValue());
            } else {
                base.set(f.getKey(), f.getValue());
            }
        }
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/apigen-defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("built-in defaults unreadable", e);
        }
    }

    private static JsonNode readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file not readable: " + file);
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ConfigException("config file " + file + " must hold a mapping of sections");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A configuration problem the user can fix; the CLI reports it as a usage error. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
