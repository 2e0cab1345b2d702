package io.apigenmt.topology.config;

import java.util.Objects;

/**
 * A key holding a list of mappings that all take the keys of {@code element} (the review
 * committee: one endpoint per judge). The highest layer that sets the list replaces it whole;
 * only a file can.
 *
 * @param defaultSize entries when no layer sets the list, each with every key at its default
 * @param minSize     fewest entries a layer may give
 */
public record ListSetting(String name, Section element, int defaultSize, int minSize, String doc) implements Node {

    public ListSetting {
        Objects.requireNonNull(element, name);
        if (defaultSize < minSize) {
            throw new IllegalArgumentException(name + ": default size below the minimum");
        }
    }

    /** The path of entry {@code index} of the list at {@code path}. */
    public static String entry(String path, int index) {
        return path + "[" + index + "]";
    }
}
