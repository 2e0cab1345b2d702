package io.apigenmt.domains.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The expected shape of a JSON value in a database file: what the tools read from a record, checked
 * once on load so that a bad file fails with the path of the first bad field
 * ({@code items[2].price is not a number}) instead of a tool failing later. Fields not named are
 * allowed and kept.
 */
public final class Shape {

    private enum Kind { ANY, TEXT, NUMBER, INTEGER, BOOLEAN, OBJECT, LIST, MAP }

    private record Field(String name, Shape shape, boolean required) {}

    /** A field that must be present (with {@code shape}) when {@code field} has the value {@code equals}. */
    private record Conditional(String field, String equals, String required, Shape shape) {}

    private final Kind kind;
    private final Shape element;
    private final List<Field> fields;
    private final List<Conditional> conditionals;

    private Shape(Kind kind, Shape element, List<Field> fields, List<Conditional> conditionals) {
        this.kind = kind;
        this.element = element;
        this.fields = fields;
        this.conditionals = conditionals;
    }

    private static Shape of(Kind kind) {
        return new Shape(kind, null, List.of(), List.of());
    }

    public static Shape any() {
        return of(Kind.ANY);
    }

    public static Shape text() {
        return of(Kind.TEXT);
    }

    /** An int or a float (not a boolean). */
    public static Shape number() {
        return of(Kind.NUMBER);
    }

    public static Shape integer() {
        return of(Kind.INTEGER);
    }

    public static Shape bool() {
        return of(Kind.BOOLEAN);
    }

    /** An object; add its fields with {@link #field} and {@link #optional}. */
    public static Shape object() {
        return of(Kind.OBJECT);
    }

    public static Shape listOf(Shape element) {
        return new Shape(Kind.LIST, element, List.of(), List.of());
    }

    /** An object whose every value has the shape (e.g. payment methods by id). */
    public static Shape mapOf(Shape value) {
        return new Shape(Kind.MAP, value, List.of(), List.of());
    }

    public Shape field(String name, Shape shape) {
        return with(new Field(name, shape, true));
    }

    public Shape optional(String name, Shape shape) {
        return with(new Field(name, shape, false));
    }

    /** Requires {@code required} (of {@code shape}) in objects whose {@code field} is {@code equals}. */
    public Shape when(String field, String equals, String required, Shape shape) {
        List<Conditional> more = new ArrayList<>(conditionals);
        more.add(new Conditional(field, equals, required, shape));
        return new Shape(kind, element, fields, List.copyOf(more));
    }

    private Shape with(Field field) {
        if (kind != Kind.OBJECT) {
            throw new IllegalStateException("only an object shape has fields");
        }
        List<Field> more = new ArrayList<>(fields);
        more.add(field);
        return new Shape(kind, element, List.copyOf(more), conditionals);
    }

    /** The first problem, e.g. {@code items[2].price is not a number}; null when the value fits. */
    public String check(JsonNode value, String path) {
        String expected = switch (kind) {
            case ANY -> null;
            case TEXT -> value.isTextual() ? null : "a string";
            case NUMBER -> value.isNumber() ? null : "a number";
            case INTEGER -> value.isIntegralNumber() ? null : "an integer";
            case BOOLEAN -> value.isBoolean() ? null : "a boolean";
            case OBJECT, MAP -> value.isObject() ? null : "an object";
            case LIST -> value.isArray() ? null : "a list";
        };
        if (expected != null) {
            return (path.isEmpty() ? "the record" : path) + " is not " + expected;
        }
        switch (kind) {
            case OBJECT -> {
                for (Field field : fields) {
                    JsonNode child = value.get(field.name());
                    if (child == null) {
                        if (field.required()) {
                            return join(path, field.name()) + " is missing";
                        }
                        continue;
                    }
                    String problem = field.shape().check(child, join(path, field.name()));
                    if (problem != null) {
                        return problem;
                    }
                }
                for (Conditional c : conditionals) {
                    if (c.equals().equals(value.path(c.field()).asText(null))) {
                        JsonNode child = value.get(c.required());
                        if (child == null) {
                            return join(path, c.required()) + " is missing (" + c.field() + " is " + c.equals() + ")";
                        }
                        String problem = c.shape().check(child, join(path, c.required()));
                        if (problem != null) {
                            return problem;
                        }
                    }
                }
            }
            case LIST -> {
                for (int i = 0; i < value.size(); i++) {
                    String problem = element.check(value.get(i), path + "[" + i + "]");
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            case MAP -> {
                Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    String problem = element.check(entry.getValue(), join(path, entry.getKey()));
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            default -> {
                // scalars are checked above
            }
        }
        return null;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
