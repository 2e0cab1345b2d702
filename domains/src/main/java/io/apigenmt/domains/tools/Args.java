package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.apigenmt.domains.python.Py;
import java.util.List;

/**
 * A call's arguments as the tool receives them: bound by name like Python keyword arguments, but
 * with whatever JSON types the caller sent (tau-bench checks no types; a tool compares, looks up and
 * computes with Python's semantics through {@link Py}).
 */
public record Args(JsonNode json) {

    /** The raw value; {@link MissingNode} for an optional argument not given. */
    public JsonNode get(String name) {
        JsonNode value = json.get(name);
        return value == null ? MissingNode.getInstance() : value;
    }

    /** The dictionary key the argument looks up ({@link Py#key}): null when it is not a string. */
    public String key(String name) {
        return Py.key(get(name));
    }

    /** The argument as text: a string as itself, another value as {@code str()} shows it, "" when absent. */
    public String text(String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? "" : Py.str(value);
    }

    /** {@code str(argument)}, as an f-string shows it. */
    public String str(String name) {
        return Py.str(get(name));
    }

    /** The elements of a list argument ({@link Py#iterate}). */
    public List<JsonNode> list(String name) {
        return Py.iterate(get(name));
    }

    /** A deep copy, for storing the argument in a record. */
    public JsonNode copy(String name) {
        return get(name).deepCopy();
    }
}
