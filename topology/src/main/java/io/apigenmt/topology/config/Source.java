package io.apigenmt.topology.config;

/**
 * Where a value came from. Layers in precedence order, lowest first: the declared default, a
 * command's own default ({@code bench}'s concurrency), the {@code --config} file, the
 * environment, flags, and values the program sets itself (the embedded broker's address).
 *
 * @param detail        the file path, variable or flag name, command, or what set the value
 * @param inheritedFrom the key whose value this is, for a key whose default inherits it; else null
 */
public record Source(Layer layer, String detail, String inheritedFrom) {

    public enum Layer { DEFAULT, COMMAND, FILE, ENV, FLAG, PROGRAM }

    public static final Source DEFAULT = new Source(Layer.DEFAULT, "", null);

    public static Source command(String name) {
        return new Source(Layer.COMMAND, name, null);
    }

    public static Source file(String path) {
        return new Source(Layer.FILE, path, null);
    }

    public static Source env(String variable) {
        return new Source(Layer.ENV, variable, null);
    }

    public static Source flag(String name) {
        return new Source(Layer.FLAG, name, null);
    }

    public static Source program(String what) {
        return new Source(Layer.PROGRAM, what, null);
    }

    /** This source, as a key inheriting the value of {@code key} sees it: the key where the value was set is kept. */
    public Source via(String key) {
        return inheritedFrom != null ? this : new Source(layer, detail, key);
    }

    @Override
    public String toString() {
        String prefix = switch (layer) {
            case DEFAULT -> "default";
            case COMMAND -> "default of";
            case FILE -> "file";
            case ENV -> "env";
            case FLAG -> "flag";
            case PROGRAM -> "set by";
        };
        return (detail.isEmpty() ? prefix : prefix + " " + detail) + (inheritedFrom == null ? "" : " via " + inheritedFrom);
    }
}
