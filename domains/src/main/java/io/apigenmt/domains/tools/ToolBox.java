package io.apigenmt.domains.tools;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A domain's tools by name: their specs for the agent and their behaviour for the environment. */
public final class ToolBox {

    private record Binding(ToolSpec spec, Tool tool) {}

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

    /** Validates and runs one call; every failure becomes an {@code Error: ...} observation. */
    public Observation execute(ToolCall call, Database db) {
        if (call == null || call.name() == null) {
            return Observation.error("a tool call needs a name");
        }
        Binding binding = byName.get(call.name());
        if (binding == null) {
            return Observation.error("unknown tool '" + call.name() + "'");
        }
        List<String> problems = binding.spec().validate(call.arguments());
        if (!problems.isEmpty()) {
            return Observation.error(String.join("; ", problems));
        }
        try {
            return binding.tool().run(new Args(call.arguments()), db);
        } catch (ToolFailure refused) {
            return Observation.error(refused.getMessage());
        } catch (RuntimeException bug) {
            // A defect in tool code must not kill a rollout; report it like any other failure.
            return Observation.error("internal error in " + call.name() + ": " + bug);
        }
    }

    public static final class Builder {
        private final Map<String, Binding> byName = new LinkedHashMap<>();

        public Builder add(ToolSpec spec, Tool tool) {
            if (byName.put(spec.name(), new Binding(spec, tool)) != null) {
                throw new IllegalArgumentException("duplicate tool " + spec.name());
            }
            return this;
        }

        public ToolBox build() {
            return new ToolBox(byName);
        }
    }
}
