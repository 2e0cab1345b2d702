package io.apigenmt.topology.config;

import java.util.Locale;

/** One entry of the declaration: a key, a map of free keys, a list, or a section of keys. */
public sealed interface Node permits Setting, MapSetting, ListSetting, Section {

    /** The key's canonical name (snake_case) in its section. */
    String name();

    String doc();

    /** The record component this node fills: the name in camelCase. */
    default String component() {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    /** A key as users may write it (kebab-case, snake_case or camelCase) reduced to one form. */
    static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
