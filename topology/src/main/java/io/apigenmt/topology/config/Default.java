package io.apigenmt.topology.config;

import java.util.function.Function;

/** What a key holds when no layer sets it. */
public sealed interface Default<T> {

    /** A fixed value; null: none (the key is optional). */
    record Fixed<T>(T value) implements Default<T> {}

    /** The value of the key at {@code path} (another key's, e.g. a role's timeout is llm.timeout); {@code otherwise} when that is none. */
    record Inherited<T>(String path, Default<T> otherwise) implements Default<T> {}

    /** Derived from the key's own path (e.g. a role's built-in model name). */
    record Computed<T>(String description, Function<String, T> fromPath) implements Default<T> {}

    static <T> Default<T> none() {
        return new Fixed<>(null);
    }

    /** As the docs state it. */
    default String describe(Function<T, String> writer) {
        if (this instanceof Fixed<T> f) {
            return f.value() == null ? "none" : writer.apply(f.value());
        }
        if (this instanceof Inherited<T> i) {
            String otherwise = i.otherwise().describe(writer);
            return i.path() + (otherwise.equals("none") ? "" : ", else " + otherwise);
        }
        return ((Computed<T>) this).description();
    }
}
