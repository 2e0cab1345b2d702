package io.apigenmt.topology.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A declaration written out for people: an annotated YAML file of every key at its default (a
 * starting point for {@code --config}) and a Markdown reference table. Generated, never edited,
 * so the docs cannot drift from the code.
 */
public final class DeclarationDocs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 100;

    private DeclarationDocs() {
    }

    /** Keys with a fixed default are set to it; keys without one, and commented-out sections, are comments. */
    public static String yaml(Section root, List<String> header) {
        StringBuilder b = new StringBuilder();
        header.forEach(line -> b.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        yamlKeys(b, root, "", "", false);
        return b.toString();
    }

    /** One row per key: path, type, default, rule, environment variables, doc. */
    public static String markdown(Section root, List<String> header) {
        StringBuilder b = new StringBuilder();
        header.forEach(line -> b.append(line).append('\n'));
        b.append("\n| Key | Type | Default | Valid values | Environment | Description |\n|---|---|---|---|---|---|\n");
        rows(b, root, "");
        return b.toString();
    }

    private static void yamlKeys(StringBuilder b, Section section, String path, String indent, boolean commented) {
        for (Node key : section.keys()) {
            String p = Layers.join(path, key.name());
            String hash = commented ? "# " : "";
            if (path.isEmpty()) {
                b.append('\n');
            }
            if (key instanceof Section s && inheritsAll(s)) {
                comment(b, indent, s.doc() + " Takes the keys above; each one it does not set is llm's.");
                b.append(indent).append("# ").append(key.name()).append(": {}\n");
            } else if (key instanceof Section s) {
                comment(b, indent, s.doc());
                b.append(indent).append(hash).append(key.name()).append(":\n");
                yamlKeys(b, s, p, indent + "  ", commented || s.commentedOut());
            } else if (key instanceof Setting<?> s) {
                comment(b, indent, s.doc() + " (" + facts(s, p) + ")");
                String value = yamlValue(s);
                b.append(indent).append(value == null ? "# " : hash).append(key.name()).append(':')
                        .append(value == null ? "" : " " + value).append('\n');
            } else if (key instanceof MapSetting<?> m) {
                comment(b, indent, m.doc() + " (" + m.kind().name() + " values" + rule(m.rule()) + "; env "
                        + Layers.envName(p) + "__NAME)");
                b.append(indent).append(hash).append(key.name()).append(':').append(m.defaults().isEmpty() ? " {}" : "").append('\n');
                m.defaults().forEach((name, v) -> b.append(indent).append(hash).append("  ").append(name).append(": ")
                        .append(scalar(v)).append('\n'));
            } else {
                ListSetting l = (ListSetting) key;
                comment(b, indent, l.doc() + " Each entry takes the keys above, unset ones inherited; default: "
                        + l.defaultSize() + " entries.");
                b.append(indent).append("# ").append(key.name()).append(": [").append(String.join(", ",
                        Collections.nCopies(l.defaultSize(), "{}"))).append("]\n");
            }
        }
    }

    private static void rows(StringBuilder b, Section section, String path) {
        for (Node key : section.keys()) {
            String p = Layers.join(path, key.name());
            if (key instanceof Section s) {
                rows(b, s, p);
            } else if (key instanceof Setting<?> s) {
                String fallback = s.describeDefault();
                row(b, p, s.kind().name(), fallback.isEmpty() ? "\"\"" : fallback, s.rule().description(), env(s, p), s.doc());
            } else if (key instanceof MapSetting<?> m) {
                String defaults = m.defaults().isEmpty() ? "{}" : m.defaults().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
                row(b, p + ".NAME", m.kind().name(), defaults, m.rule().description(), Layers.envName(p) + "__NAME", m.doc());
            } else {
                ListSetting l = (ListSetting) key;
                row(b, p, "list", l.defaultSize() + " entries", "at least " + l.minSize() + (l.minSize() == 1 ? " entry" : " entries"), "", l.doc());
                rows(b, l.element(), p + "[i]");
            }
        }
    }

    private static void row(StringBuilder b, String key, String type, String fallback, String rule, String env, String doc) {
        b.append("| `").append(key).append("` | ").append(type).append(" | ").append(cell(fallback)).append(" | ")
                .append(cell(rule)).append(" | ").append(cell(env)).append(" | ").append(cell(doc)).append(" |\n");
    }

    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("|", "\\|");
    }

    private static String facts(Setting<?> s, String path) {
        String fallback = s.fallback() instanceof Default.Fixed<?> f && f.value() != null ? "" : "; default: " + s.describeDefault();
        return s.kind().name() + rule(s.rule()) + fallback + "; env " + env(s, path);
    }

    private static String rule(Rule<?> rule) {
        return rule.description().isEmpty() ? "" : ", " + rule.description();
    }

    /** A key inside a list has no variable: lists are set in files. */
    private static String env(Setting<?> s, String path) {
        if (path.contains("[")) {
            return "";
        }
        List<String> names = new ArrayList<>(List.of(Layers.envName(path)));
        names.addAll(s.aliases());
        return String.join(", ", names);
    }

    private static boolean inheritsAll(Section s) {
        return s.keys().stream().allMatch(k -> k instanceof Setting<?> st && st.fallback() instanceof Default.Inherited<?>);
    }

    @SuppressWarnings("unchecked")
    private static <T> String yamlValue(Setting<T> s) {
        if (s.fallback() instanceof Default.Fixed<T> f && f.value() != null) {
            return f.value() instanceof Number ? s.kind().write(f.value()) : scalar(s.kind().write(f.value()));
        }
        return null;
    }

    private static String scalar(Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(String.valueOf(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void comment(StringBuilder b, String indent, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && indent.length() + 2 + line.length() + 1 + word.length() > WIDTH) {
                b.append(indent).append("# ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        b.append(indent).append("# ").append(line).append('\n');
    }
}
