package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON-schema {@code parameters} object of an OpenAI function. */
public final class Parameters {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectNode properties = F.objectNode();
    private final ArrayNode required = F.arrayNode();

    public static Parameters object() {
        return new Parameters();
    }

    public Parameters string(String name, String description) {
        return property(name, typed("string", description));
    }

    public Parameters enumeration(String name, String description, String... values) {
        ObjectNode schema = typed("string", description);
        ArrayNode allowed = schema.putArray("enum");
        for (String value : values) {
            allowed.add(value);
        }
        return property(name, schema);
    }

    public Parameters integer(String name, String description) {
        return property(name, typed("integer", description));
    }

    public Parameters number(String name, String description) {
        return property(name, typed("number", description));
    }

    public Parameters array(String name, String description, ObjectNode items) {
        ObjectNode schema = typed("array", description);
        schema.set("items", items);
        return property(name, schema);
    }

    public Parameters property(String name, ObjectNode schema) {
        properties.set(name, schema);
        return this;
    }

    public Parameters required(String... names) {
        for (String name : names) {
            required.add(name);
        }
        return this;
    }

    public ObjectNode build() {
        ObjectNode schema = F.objectNode();
        schema.put("type", "object");
        schema.set("properties", properties.deepCopy());
        schema.set("required", required.deepCopy());
        return schema;
    }

    /** The schema of a single string (array items). */
    public static ObjectNode stringItem(String description) {
        return typed("string", description);
    }

    private static ObjectNode typed(String type, String description) {
        ObjectNode schema = F.objectNode();
        schema.put("type", type);
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }
}
