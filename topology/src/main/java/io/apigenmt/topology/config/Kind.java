package io.apigenmt.topology.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * A setting's type: how a raw value (a YAML/JSON scalar, or the text of an environment variable
 * or a flag) becomes a typed value, and how a typed value is written back (for {@code config
 * show} and the generated defaults file).
 *
 * @param name     as the docs show it: int, long, double, boolean, string, duration
 * @param javaType the record component type it fills (primitive or boxed)
 * @param parser   throws IllegalArgumentException with the broken rule ("is not an integer")
 * @param writer   the value as a user would write it
 */
public record Kind<T>(String name, Class<?> javaType, Function<JsonNode, T> parser, Function<T, String> writer) {

    public static final Kind<Integer> INT = scalar("int", int.class, "an integer", Integer::parseInt);
    public static final Kind<Short> SHORT = scalar("int", short.class, "an integer up to 32767", Short::parseShort);
    public static final Kind<Long> LONG = scalar("long", long.class, "an integer", Long::parseLong);
    public static final Kind<Double> DOUBLE = scalar("double", double.class, "a number", Double::parseDouble);
    public static final Kind<String> STRING = scalar("string", String.class, "a string", s -> s);
    public static final Kind<Boolean> BOOLEAN = scalar("boolean", boolean.class, "true or false", Kind::parseBoolean);
    public static final Kind<Duration> DURATION = new Kind<>("duration", Duration.class,
            text("a duration like 500ms, 30s, 2m or PT30S", Kind::parseDuration), Kind::writeDuration);

    public T parse(JsonNode raw) {
        return parser.apply(raw);
    }

    public String write(T value) {
        return writer.apply(value);
    }

    private static <T> Kind<T> scalar(String name, Class<?> type, String what, Function<String, T> fromText) {
        return new Kind<>(name, type, text(what, fromText), String::valueOf);
    }

    /** Scalars only; YAML numbers and booleans arrive as their text. */
    private static <T> Function<JsonNode, T> text(String what, Function<String, T> fromText) {
        return node -> {
            if (node == null || !node.isValueNode()) {
                throw new IllegalArgumentException("is not " + what);
            }
            try {
                return fromText.apply(node.asText().trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("is not " + what);
            }
        };
    }

    /** Exactly true or false (any case): "yes", "1" or a typo must not read as false. */
    static Boolean parseBoolean(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException(text);
    }

    /** "500ms", "30s", "2m", "1h", ISO-8601 "PT30S", or a plain number of seconds. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        double factor = t.endsWith("h") ? 3600 : t.endsWith("m") ? 60 : 1;
        String number = t.endsWith("h") || t.endsWith("m") || t.endsWith("s") ? t.substring(0, t.length() - 1).trim() : t;
        return Duration.ofMillis(Math.round(Double.parseDouble(number) * factor * 1000));
    }

    /** The shortest exact form: 1h, 2m, 30s or 500ms. */
    static String writeDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
