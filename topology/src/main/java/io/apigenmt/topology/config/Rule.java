package io.apigenmt.topology.config;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A setting's validator: what a valid value is (for the docs) and the check (on load). A broken
 * rule yields the text that follows the key in the message, e.g. {@code -3 is not >= 1} for
 * {@code worker.concurrency: -3 is not >= 1}.
 *
 * @param description  the rule as the docs state it (">= 1", "in [0, 2]"); empty: any value
 * @param violation    (value, value as shown) to the message, or null when the value is valid
 */
public record Rule<T>(String description, BiFunction<T, String, String> violation) {

    public static <T> Rule<T> any() {
        return new Rule<>("", (v, shown) -> null);
    }

    public static <N extends Comparable<N>> Rule<N> atLeast(N min) {
        return new Rule<>(">= " + min, (v, shown) -> v.compareTo(min) >= 0 ? null : shown + " is not >= " + min);
    }

    public static <N extends Comparable<N>> Rule<N> between(N min, N max) {
        String range = "in [" + min + ", " + max + "]";
        return new Rule<>(range, (v, shown) -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0 ? null : shown + " is not " + range);
    }

    public static Rule<Duration> positive() {
        return new Rule<>("> 0", (v, shown) -> v.isNegative() || v.isZero() ? shown + " is not > 0" : null);
    }

    public static Rule<String> oneOf(String... values) {
        String list = String.join(", ", values);
        return new Rule<>("one of " + list, (v, shown) -> List.of(values).contains(v) ? null : shown + " is not one of " + list);
    }

    public static Rule<String> nonBlank() {
        return new Rule<>("not empty", (v, shown) -> v.isBlank() ? "must not be empty" : null);
    }

    /**
     * A rule checked by code that throws IllegalArgumentException; its message replaces the value
     * in the error (such checks may reject a value because it holds a secret: never echo it).
     */
    public static <T> Rule<T> checked(String description, Consumer<T> check) {
        return new Rule<>(description, (v, shown) -> {
            try {
                check.accept(v);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    /** Blank passes (the key's "not set"), anything else must pass this rule. */
    public static Rule<String> blankOr(Rule<String> rule) {
        return new Rule<>("empty or " + rule.description(), (v, shown) -> v.isBlank() ? null : rule.violation().apply(v, shown));
    }

    /** The message after the key, or null when {@code value} is valid. */
    public String check(T value, String shown) {
        return violation.apply(value, shown);
    }
}
