package io.apigenmt.topology.config;

/**
 * Where a value came from. Layers in precedence order, lowest first: the declared default, a
 * command's own default ({@code bench}'s concurrency), the {@code --config} file, the
 * environment, flags, and values the program sets itself (the embedded broker's address).
 *
 * @param detail the file path, variable or flag name, command, or what set the value
 */
public record Source(Layer layer, String detail) {

    public enum Layer { DEFAULT, COMMAND, FILE, ENV, FLAG, PROGRAM }

    public static final Source DEFAULT = new Source(Layer.DEFAULT, "");

    public static Source command(String name) {
        return new Source(Layer.COMMAND, name);
    }

    public static Source file(String path) {
        return new Source(Layer.FILE, path);
    }

    public static Source env(String variable) {
        return new Source(Layer.ENV, variable);
    }

    public static Source flag(String name) {
        return new Source(Layer.FLAG, name);
    }

    public static Source program(String what) {
        return new Source(Layer.PROGRAM, what);
    }

    /** This source, reached through the key at {@code path} (an inherited value). */
    public Source via(String path) {
        return new Source(layer, detail + (detail.isEmpty() ? "" : ", ") + "via " + path);
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
        return detail.isEmpty() ? prefix : prefix + " " + detail;
    }
}
