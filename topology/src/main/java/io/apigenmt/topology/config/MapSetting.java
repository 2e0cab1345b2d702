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
 */
public record MapSetting<V>(String name, Kind<V> kind, Map<String, V> defaults, Rule<? super V> rule, String doc,
                            boolean envNamesLowerCase, Predicate<String> secret) implements Node {

    public MapSetting {
        Objects.requireNonNull(kind, name);
        defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        secret = secret == null ? entry -> false : secret;
    }

    public static <V> MapSetting<V> of(String name, Kind<V> kind, Map<String, V> defaults, Rule<? super V> rule, String doc) {
        return new MapSetting<>(name, kind, defaults, rule, doc, false, null);
    }

    public MapSetting<V> lowerCaseEnvNames() {
        return new MapSetting<>(name, kind, defaults, rule, doc, true, secret);
    }

    public MapSetting<V> secret(Predicate<String> entries) {
        return new MapSetting<>(name, kind, defaults, rule, doc, envNamesLowerCase, entries);
    }

    public String show(String entry, V value) {
        return secret.test(entry) ? Section.HIDDEN : kind.write(value);
    }
}
