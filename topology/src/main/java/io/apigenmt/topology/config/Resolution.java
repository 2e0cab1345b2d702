package io.apigenmt.topology.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key of a declaration resolved: the highest layer's value (or the default), parsed and
 * validated, with its source; and the record built from them. Built once per load; immutable.
 */
public final class Resolution {

    /** One key as {@code config show} lists it: the value as shown (secrets hidden) and its source. */
    public record Entry(String key, String value, Source source) {}

    private record Value(Object value, Source source) {}

    private final Section root;
    private final Map<String, Layers.Given> leaves = new HashMap<>();
    private final Map<String, Map<String, Layers.Given>> mapEntries = new HashMap<>();
    private final Map<String, Value> settings = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final Record config;

    /** @param given in precedence order, lowest first: a later value for a key replaces an earlier one */
    Resolution(Section root, List<Layers.Given> given) {
        this.root = root;
        for (Layers.Given g : given) {
            if (g.entry() == null) {
                leaves.put(g.path(), g);
            } else {
                mapEntries.computeIfAbsent(g.path(), k -> new LinkedHashMap<>()).put(g.entry(), g);
            }
        }
        this.config = section(root, "");
    }

    public <R extends Record> R config(Class<R> type) {
        return type.cast(config);
    }

    /** Every key, in declaration order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The keys (and map entries) some layer above the declared defaults gave a value, whichever won. */
    public Set<String> given() {
        Set<String> keys = new TreeSet<>(leaves.keySet());
        mapEntries.forEach((path, entries) -> entries.keySet().forEach(name -> keys.add(path + "." + name)));
        return keys;
    }

    /** The source of the value at {@code path} (a key listed by {@link #entries}). */
    public Source sourceOf(String path) {
        return entries.stream().filter(e -> e.key().equals(path)).findFirst().map(Entry::source)
                .orElseThrow(() -> new IllegalArgumentException("no key " + path));
    }

    private Record section(Section section, String path) {
        Map<String, Object> values = new HashMap<>();
        for (Node child : section.children()) {
            boolean inline = child instanceof Section s && s.inline();
            values.put(child.component(), value(child, inline ? path : Layers.join(path, child.name())));
        }
        return section.construct(values, path);
    }

    private Object value(Node node, String path) {
        if (node instanceof Section s) {
            return section(s, path);
        }
        if (node instanceof MapSetting<?> m) {
            return map(m, path);
        }
        if (node instanceof ListSetting l) {
            return list(l, path);
        }
        return shown((Setting<?>) node, path);
    }

    private <T> Object shown(Setting<T> setting, String path) {
        Value v = setting(setting, path);
        @SuppressWarnings("unchecked")
        T value = (T) v.value();
        entries.add(new Entry(path, setting.show(value), v.source()));
        return value;
    }

    private <T> Value setting(Setting<T> setting, String path) {
        Value known = settings.get(path);
        if (known != null) {
            return known;
        }
        Layers.Given g = leaves.get(path);
        Value v = g == null ? fallback(setting.fallback(), path) : new Value(parse(setting, path, g), g.source());
        @SuppressWarnings("unchecked")
        T value = (T) v.value();
        if (value != null) {
            String broken = setting.rule().check(value, setting.show(value));
            if (broken != null) {
                throw error(path, broken, v.source());
            }
        }
        settings.put(path, v);
        return v;
    }

    private <T> T parse(Setting<T> setting, String path, Layers.Given g) {
        if (g.raw().isNull()) {
            if (!setting.nullable()) {
                throw error(path, "must not be empty", g.source());
            }
            return null;
        }
        try {
            return setting.kind().parse(g.raw());
        } catch (IllegalArgumentException e) {
            throw error(path, raw(g.raw()) + " " + e.getMessage(), g.source());
        }
    }

    private <T> Value fallback(Default<T> fallback, String path) {
        if (fallback instanceof Default.Fixed<T> f) {
            return new Value(f.value(), Source.DEFAULT);
        }
        if (fallback instanceof Default.Computed<T> c) {
            return new Value(c.fromPath().apply(path), Source.DEFAULT);
        }
        Default.Inherited<T> inherited = (Default.Inherited<T>) fallback;
        Value from = setting(settingAt(inherited.path()), inherited.path());
        return from.value() == null ? fallback(inherited.otherwise(), path)
                : new Value(from.value(), from.source().via(inherited.path()));
    }

    private <V> Map<String, V> map(MapSetting<V> setting, String path) {
        Map<String, V> values = new LinkedHashMap<>(setting.defaults());
        Map<String, Source> sources = new HashMap<>();
        mapEntries.getOrDefault(path, Map.of()).forEach((name, g) -> {
            String p = path + "." + name;
            if (g.raw().isNull()) {
                values.remove(name);
                return;
            }
            V value;
            try {
                value = setting.kind().parse(g.raw());
            } catch (IllegalArgumentException e) {
                throw error(p, (setting.secret().test(name) ? Section.HIDDEN : raw(g.raw())) + " " + e.getMessage(), g.source());
            }
            String broken = setting.rule().check(value, setting.show(name, value));
            if (broken != null) {
                throw error(p, broken, g.source());
            }
            values.put(name, value);
            sources.put(name, g.source());
        });
        values.forEach((name, value) -> entries.add(new Entry(path + "." + name, setting.show(name, value),
                sources.getOrDefault(name, Source.DEFAULT))));
        if (values.isEmpty()) {
            entries.add(new Entry(path, "{}", Source.DEFAULT));
        }
        return Collections.unmodifiableMap(values);
    }

    private List<Object> list(ListSetting setting, String path) {
        Layers.Given g = leaves.get(path);
        int size = g == null ? setting.defaultSize() : g.raw().size();
        Source source = g == null ? Source.DEFAULT : g.source();
        if (size < setting.minSize()) {
            throw error(path, "has " + size + " entries, needs at least " + setting.minSize(), source);
        }
        entries.add(new Entry(path, size + (size == 1 ? " entry" : " entries"), source));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            out.add(section(setting.element(), ListSetting.entry(path, i)));
        }
        return List.copyOf(out);
    }

    /** The setting a plain dotted path names (targets of inherited defaults). */
    private Setting<?> settingAt(String path) {
        Section section = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            Node key = section.key(parts[i]);
            if (i == parts.length - 1 && key instanceof Setting<?> s) {
                return s;
            }
            if (!(key instanceof Section s)) {
                break;
            }
            section = s;
        }
        throw new IllegalStateException("a default inherits " + path + ", which is not a declared key");
    }

    private static String raw(JsonNode raw) {
        return raw.isValueNode() ? "'" + raw.asText() + "'" : raw.isArray() ? "a list" : "a mapping";
    }

    private static ConfigException error(String path, String broken, Source source) {
        return new ConfigException(path + ": " + broken + " (" + source + ")");
    }
}
