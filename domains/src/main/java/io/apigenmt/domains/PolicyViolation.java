package io.apigenmt.domains;

/** One broken rule, e.g. rule {@code order_modified_twice} with a sentence naming the order. */
public record PolicyViolation(String rule, String message) {
    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
