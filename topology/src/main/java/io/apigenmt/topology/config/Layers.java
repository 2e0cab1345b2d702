package io.apigenmt.topology.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The values given for the keys of a declaration, with where each came from. Any number of
 * layers may be added in any order; {@link #resolve} applies them in precedence order
 * ({@link Source.Layer}), so a flag beats the environment whenever it was added.
 *
 * <p>Files and flags name keys by their path ({@code worker.concurrency}; in a file any of
 * kebab-, snake- or camelCase); environment variables as {@code APIGEN_SECTION__KEY}
 * ({@code APIGEN_CLUSTER__KAFKA__security.protocol} for a map entry) or by a declared alias.
 * An unknown key is an error naming its path; an empty variable counts as unset.
 */
public final class Layers {

    public static final String ENV_PREFIX = "APIGEN_";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Section root;
    private final List<Given> given = new ArrayList<>();

    /** A raw value for the key at {@code path}; {@code entry}: the entry's name in a map key, else null. */
    record Given(String path, String entry, JsonNode raw, Source source) {}

    public Layers(Section root) {
        this.root = root;
    }

    /** A YAML or JSON file holding a mapping of sections. */
    public Layers file(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file not readable: " + file);
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML/JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (tree != null && !tree.isNull() && !tree.isMissingNode() && !tree.isObject()) {
            throw new ConfigException("config file " + file + " must hold a mapping of sections");
        }
        walk(root, tree, "", Source.file(file.toString()));
        return this;
    }

    /** Aliases first, then APIGEN_SECTION__KEY names, which win over an alias of the same key. */
    public Layers environment(Map<String, String> env) {
        Map<String, String> aliases = aliases(root, "", new TreeMap<>());
        Map<String, String> sorted = new TreeMap<>(env);
        sorted.forEach((name, value) -> {
            if (aliases.containsKey(name) && !value.isBlank()) {
                add(locate(aliases.get(name), ".", Source.env(name)), value);
            }
        });
        sorted.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.contains("__") && !value.isBlank()) {
                add(locate(name.substring(ENV_PREFIX.length()), "__", Source.env(name)), value);
            }
        });
        return this;
    }

    /** Sets the key at a dotted path (a map entry: {@code cluster.kafka.security.protocol}); null sets nothing. */
    public Layers set(String path, Object value, Source source) {
        if (value != null) {
            Given at = locate(path, ".", source);
            given.add(new Given(at.path(), at.entry(), value instanceof JsonNode j ? j : YAML.valueToTree(
                    value instanceof Number || value instanceof Boolean ? value : value.toString()), source));
        }
        return this;
    }

    public Resolution resolve() {
        List<Given> ordered = given.stream().sorted(Comparator.comparing(g -> g.source().layer())).toList();
        return new Resolution(root, ordered);
    }

    /** Whether a program reading {@code variable} from the environment would be reading one of these keys. */
    public boolean reads(String variable) {
        if (aliases(root, "", new TreeMap<>()).containsKey(variable)) {
            return true;
        }
        if (!variable.startsWith(ENV_PREFIX) || !variable.contains("__")) {
            return false;
        }
        try {
            locate(variable.substring(ENV_PREFIX.length()), "__", Source.env(variable));
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** APIGEN_SECTION__KEY of the key at {@code path}. */
    public static String envName(String path) {
        return ENV_PREFIX + path.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    /** Declared aliases of every key under {@code section}: variable to path. */
    static Map<String, String> aliases(Section section, String path, Map<String, String> out) {
        for (Node key : section.keys()) {
            String p = join(path, key.name());
            if (key instanceof Setting<?> s) {
                s.aliases().forEach(a -> out.put(a, p));
            } else if (key instanceof Section child) {
                aliases(child, p, out);
            }
        }
        return out;
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private void add(Given at, String value) {
        given.add(new Given(at.path(), at.entry(), TextNode.valueOf(value), at.source()));
    }

    /** The key that {@code name} (levels split by {@code separator}) addresses; raw value left empty. */
    private Given locate(String name, String separator, Source source) {
        Section section = root;
        String path = "";
        String rest = name;
        while (true) {
            int cut = rest.indexOf(separator);
            String head = cut < 0 ? rest : rest.substring(0, cut);
            String tail = cut < 0 ? null : rest.substring(cut + separator.length());
            Node key = section.key(head);
            String p = join(path, key == null ? head.toLowerCase(Locale.ROOT) : key.name());
            if (key == null || key instanceof Setting<?> && tail != null) {
                throw unknown(key == null ? section : null, tail == null || key == null ? p : p + "." + tail, source);
            }
            if (key instanceof Section s) {
                if (tail == null) {
                    throw new ConfigException(p + " is a section, not a key (" + source + ")");
                }
                section = s;
                path = p;
                rest = tail;
            } else if (key instanceof MapSetting<?> m) {
                if (tail == null || tail.isBlank()) {
                    throw new ConfigException(p + " is a mapping: name an entry, e.g. " + p + ".NAME (" + source + ")");
                }
                String entry = source.layer() == Source.Layer.ENV && m.envNamesLowerCase() ? tail.toLowerCase(Locale.ROOT) : tail;
                return new Given(p, entry, null, source);
            } else if (key instanceof ListSetting) {
                throw new ConfigException(p + " is a list: set it in a --config file (" + source + ")");
            } else {
                return new Given(p, null, null, source);
            }
        }
    }

    private void walk(Section section, JsonNode node, String path, Source source) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new ConfigException((path.isEmpty() ? "the configuration" : path) + " must be a mapping (" + source + ")");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Node key = section.key(field.getKey());
            if (key == null) {
                throw unknown(section, join(path, field.getKey()), source);
            }
            String p = join(path, key.name());
            JsonNode value = field.getValue();
            if (key instanceof Section s) {
                walk(s, value, p, source);
            } else if (key instanceof MapSetting<?>) {
                if (!value.isNull() && !value.isObject()) {
                    throw new ConfigException(p + " must be a mapping (" + source + ")");
                }
                value.properties().forEach(e -> given.add(new Given(p, e.getKey(), e.getValue(), source)));
            } else if (key instanceof ListSetting l) {
                if (!value.isArray()) {
                    throw new ConfigException(p + " must be a list (" + source + ")");
                }
                given.add(new Given(p, null, value, source));
                for (int i = 0; i < value.size(); i++) {
                    walk(l.element(), value.get(i), ListSetting.entry(p, i), source);
                }
            } else {
                given.add(new Given(p, null, value, source));
            }
        }
    }

    private static ConfigException unknown(Section section, String path, Source source) {
        String known = section == null ? "" : "; known: " + section.keys().stream().map(Node::name)
                .collect(Collectors.joining(", "));
        return new ConfigException("unknown setting " + path + " (" + source + known + ")");
    }
}
