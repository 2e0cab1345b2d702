package io.apigenmt.topology.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping of keys that fills one record: each key fills the record component of its name in
 * camelCase, so the record has exactly the declared keys and nothing else (checked here, when
 * the declaration is built). An <em>inline</em> section fills a component from keys that sit in
 * its parent's mapping (the llm section's own endpoint keys, which every role inherits).
 *
 * @param commentedOut   the generated defaults file shows its keys commented out (setting any
 *                       llm key means "use this model server", so a copy of the file must not)
 */
public record Section(String name, Class<? extends Record> type, String doc, boolean inline, boolean commentedOut,
                      List<Node> children) implements Node {

    /** What config show and messages print instead of a secret value. */
    public static final String HIDDEN = "[hidden]";

    public Section {
        children = List.copyOf(children);
        Set<String> keys = new HashSet<>();
        for (Node key : keysOf(children)) {
            if (!keys.add(Node.normalize(key.name()))) {
                throw new IllegalStateException(name + ": key " + key.name() + " declared twice");
            }
        }
        checkComponents(type, children);
    }

    public static Section of(String name, Class<? extends Record> type, String doc, Node... children) {
        return new Section(name, type, doc, false, false, Arrays.asList(children));
    }

    /** Keys in the parent's mapping that fill the parent record's component {@code component}. */
    public static Section inline(String component, Class<? extends Record> type, Node... children) {
        return new Section(component, type, "", true, false, Arrays.asList(children));
    }

    public Section commentOut() {
        return new Section(name, type, doc, inline, true, children);
    }

    /** The keys a user writes in this section's mapping: inline sections' keys take their place. */
    public List<Node> keys() {
        return keysOf(children);
    }

    /** The key written {@code name} (any of kebab/snake/camel case), or null. */
    public Node key(String name) {
        String n = Node.normalize(name);
        return keys().stream().filter(k -> Node.normalize(k.name()).equals(n)).findFirst().orElse(null);
    }

    /** Builds the record from its components' values. */
    Record construct(Map<String, Object> values, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = values.get(components[i].getName());
            types[i] = components[i].getType();
        }
        try {
            Constructor<? extends Record> c = type.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new ConfigException((path.isEmpty() ? "configuration" : path) + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static List<Node> keysOf(List<Node> children) {
        List<Node> out = new ArrayList<>();
        for (Node c : children) {
            if (c instanceof Section s && s.inline()) {
                out.addAll(s.keys());
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static void checkComponents(Class<? extends Record> type, List<Node> children) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> declared = new HashSet<>();
        for (Node child : children) {
            declared.add(child.component());
            RecordComponent rc = Arrays.stream(components).filter(c -> c.getName().equals(child.component())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " has no component for key "
                            + child.name()));
            Class<?> expected = child instanceof Setting<?> s ? s.kind().javaType()
                    : child instanceof MapSetting<?> ? Map.class
                    : child instanceof ListSetting ? List.class
                    : ((Section) child).type();
            boolean nullable = child instanceof Setting<?> s && s.nullable();
            if (!boxed(rc.getType()).equals(boxed(expected)) || nullable && rc.getType().isPrimitive()) {
                throw new IllegalStateException(type.getSimpleName() + "." + rc.getName() + " is " + rc.getType().getName()
                        + "; key " + child.name() + " needs " + expected.getName() + (nullable ? " (nullable)" : ""));
            }
        }
        for (RecordComponent rc : components) {
            if (!declared.contains(rc.getName())) {
                throw new IllegalStateException(type.getSimpleName() + "." + rc.getName() + " is not a declared key");
            }
        }
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "short" -> Short.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            default -> throw new IllegalStateException("unsupported component type " + c);
        };
    }
}
