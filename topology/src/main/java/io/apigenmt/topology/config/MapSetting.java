package io.apigenmt.topology.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A key holding a mapping of free names to values of one kind (Kafka client properties, attempt
 * budgets per domain). Layers merge it entry by entry.
 *
 * @param envNamesLowerCase entry names taken from an environment variable are lower-cased
 *                          (domain names are; Kafka property names keep their case)
 * @param secret            entries whose values are hidden wherever they are shown
 * @param names             which entry names are valid (checked on load like the values)
 */
public record MapSetting<V>(String name, Kind<V> kind, Map<String, V> defaults, Rule<? super V> rule, String doc,
                            boolean envNamesLowerCase, Predicate<String> secret, Rule<String> names) implements Node {

    public MapSetting {
        Objects.requireNonNull(kind, name);
        defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        secret = secret == null ? entry -> false : secret;
        names = names == null ? Rule.any() : names;
    }

    public static <V> MapSetting<V> of(String name, Kind<V> kind, Map<String, V> defaults, Rule<? super V> rule, String doc) {
        return new MapSetting<>(name, kind, defaults, rule, doc, false, null, null);
    }

    public MapSetting<V> lowerCaseEnvNames() {
        return new MapSetting<>(name, kind, defaults, rule, doc, true, secret, names);
    }

    public MapSetting<V> secret(Predicate<String> entries) {
        return new MapSetting<>(name, kind, defaults, rule, doc, envNamesLowerCase, entries, names);
    }

    /** Only names this rule accepts may be entries. */
    public MapSetting<V> names(Rule<String> valid) {
        return new MapSetting<>(name, kind, defaults, rule, doc, envNamesLowerCase, secret, valid);
    }

    public String show(String entry, V value) {
        return secret.test(entry) ? Section.HIDDEN : kind.write(value);
    }
}
