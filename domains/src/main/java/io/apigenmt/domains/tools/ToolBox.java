package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyException;
import io.apigenmt.domains.state.Database;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's tools by name: their specs for the agent and their behaviour for the environment.
 *
 * <p>Calls are bound the way tau-bench binds them, as Python keyword arguments: an unknown or
 * missing argument is Python's {@code TypeError} with its message, and types are not checked (a
 * tool meets a wrongly typed value as tau-bench's would). The strict schema check is
 * {@link ToolSpec#validate}, which review applies to generated blueprints.
 */
public final class ToolBox {

    private record Binding(ToolSpec spec, Tool tool, String qualifiedName) {}

    private final Map<String, Binding> byName;
    private final List<ToolSpec> specs;

    private ToolBox(Map<String, Binding> byName) {
        this.byName = Map.copyOf(byName);
        List<ToolSpec> ordered = new ArrayList<>();
        byName.values().forEach(b -> ordered.add(b.spec()));
        this.specs = List.copyOf(ordered);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<ToolSpec> specs() {
        return specs;
    }

    /** Binds and runs one call; every failure becomes an error observation. */
    public Observation execute(ToolCall call, Database db) {
        Binding binding = call == null ? null : byName.get(call.name());
        if (binding == null) {
            // tau-bench's words for a name it has no tool for (it has no "Error: " prefix there either).
            return new Observation("Unknown action " + (call == null ? "None" : call.name()), true, false);
        }
        String unbound = bind(binding, call.arguments());
        if (unbound != null) {
            return Observation.error(unbound);
        }
        try {
            return binding.tool().run(new Args(call.arguments()), db);
        } catch (ToolFailure | PyException refused) {
            return Observation.error(refused.getMessage());
        } catch (RuntimeException bug) {
            // A defect in tool code must not kill a rollout; report it like any other failure.
            return Observation.error("internal error in " + call.name() + ": " + bug);
        }
    }

    /** Python's TypeError for keyword arguments that do not fit the tool's signature; null when they do. */
    private static String bind(Binding binding, JsonNode arguments) {
        String function = binding.qualifiedName() + ".invoke()";
        if (!arguments.isObject()) {
            return function + " argument after ** must be a mapping, not " + Py.typeName(arguments);
        }
        JsonNode properties = binding.spec().parameters().path("properties");
        Iterator<String> given = arguments.fieldNames();
        while (given.hasNext()) {
            String name = given.next();
            if (name.equals("data")) {
                return function + " got multiple values for keyword argument 'data'";
            }
            if (!properties.has(name)) {
                return function + " got an unexpected keyword argument '" + name + "'";
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> required = new ArrayList<>();
        binding.spec().parameters().path("required").forEach(r -> required.add(r.asText()));
        properties.fieldNames().forEachRemaining(name -> {
            if (required.contains(name) && !arguments.has(name)) {
                missing.add("'" + name + "'");
            }
        });
        if (missing.isEmpty()) {
            return null;
        }
        String names = switch (missing.size()) {
            case 1 -> missing.get(0);
            case 2 -> missing.get(0) + " and " + missing.get(1);
            default -> String.join(", ", missing.subList(0, missing.size() - 1)) + ", and " + missing.get(missing.size() - 1);
        };
        return function + " missing " + missing.size() + " required positional argument" + (missing.size() == 1 ? "" : "s")
                + ": " + names;
    }

    /** tau-bench's tool class name, as Python names the bound function: cancel_pending_order -> CancelPendingOrder. */
    static String qualifiedName(String toolName) {
        StringBuilder out = new StringBuilder();
        for (String part : toolName.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public static final class Builder {
        private final Map<String, Binding> byName = new LinkedHashMap<>();

        public Builder add(ToolSpec spec, Tool tool) {
            if (byName.put(spec.name(), new Binding(spec, tool, qualifiedName(spec.name()))) != null) {
                throw new IllegalArgumentException("duplicate tool " + spec.name());
            }
            return this;
        }

        public ToolBox build() {
            return new ToolBox(byName);
        }
    }
}
