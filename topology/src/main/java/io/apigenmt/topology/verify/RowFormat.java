package io.apigenmt.topology.verify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The conversation layouts a row may have: {@code openai} (messages with tool_calls; {@code hf},
 * the same with arguments as JSON objects, reads alike) and {@code sharegpt} (conversations of
 * human/gpt/function_call/observation turns); {@code auto} tells them apart by their field.
 */
public enum RowFormat {
    AUTO, OPENAI, SHAREGPT;

    /** @throws IllegalArgumentException naming the accepted values */
    public static RowFormat parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("hf")) {
            return OPENAI;
        }
        for (RowFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "'; expected one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", hf");
    }
}
