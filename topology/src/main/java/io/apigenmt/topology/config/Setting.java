package io.apigenmt.topology.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One key: its name, type, default, validator and doc, in the manner of Kafka's
 * {@code ConfigDef.define(name, type, default, validator, importance, doc)}.
 *
 * @param nullable an explicit null (YAML {@code ~}) is allowed and means "none"
 * @param aliases  short environment variable names besides APIGEN_SECTION__KEY
 * @param shown    how a value is displayed (config show, messages); hides secrets
 */
public record Setting<T>(String name, Kind<T> kind, Default<T> fallback, Rule<? super T> rule, String doc,
                         boolean nullable, List<String> aliases, Function<T, String> shown) implements Node {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, name);
        Objects.requireNonNull(fallback, name);
        Objects.requireNonNull(rule, name);
        aliases = List.copyOf(aliases);
        shown = shown == null ? kind.writer() : shown;
    }

    public static <T> Setting<T> of(String name, Kind<T> kind, T defaultValue, Rule<? super T> rule, String doc) {
        return new Setting<>(name, kind, new Default.Fixed<>(Objects.requireNonNull(defaultValue, name)), rule, doc,
                false, List.of(), null);
    }

    /** A key that may hold none (null), its default. */
    public static <T> Setting<T> optional(String name, Kind<T> kind, Rule<? super T> rule, String doc) {
        return new Setting<>(name, kind, Default.none(), rule, doc, true, List.of(), null);
    }

    public Setting<T> alias(String variable) {
        List<String> more = new java.util.ArrayList<>(aliases);
        more.add(variable);
        return new Setting<>(name, kind, fallback, rule, doc, nullable, more, shown);
    }

    public Setting<T> withDefault(Default<T> value) {
        return new Setting<>(name, kind, value, rule, doc, nullable, aliases, shown);
    }

    /** An explicit null is allowed (or, with false, refused). */
    public Setting<T> nullable(boolean value) {
        return new Setting<>(name, kind, fallback, rule, doc, value, aliases, shown);
    }

    public Setting<T> withoutAliases() {
        return new Setting<>(name, kind, fallback, rule, doc, nullable, List.of(), shown);
    }

    /** Displays values with {@code display} instead of the kind's writer (e.g. to hide a part). */
    public Setting<T> shownAs(Function<T, String> display) {
        return new Setting<>(name, kind, fallback, rule, doc, nullable, aliases, display);
    }

    /** A value as config show and messages print it; "none" for null. */
    public String show(T value) {
        return value == null ? "none" : shown.apply(value);
    }

    /** The default as the docs state it. */
    public String describeDefault() {
        return fallback.describe(shown);
    }
}
