package io.apigenmt.topology.environment;

import io.apigenmt.domains.ToolSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What an environment says about itself ({@code GET /v1/environment}): the policy (the agent's
 * system prompt and the judges' reference), every tool with its kind (read, write, terminating),
 * the revision rounds it allows, and its optional capabilities.
 *
 * @param attemptBudget revision rounds before a task is dropped, when the environment states one
 */
public record DomainDescription(String policy, List<ToolSpec> tools, OptionalInt attemptBudget, Set<Capability> capabilities) {

    public DomainDescription {
        Objects.requireNonNull(policy, "policy");
        tools = List.copyOf(tools);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    public Optional<ToolSpec> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public boolean offers(Capability capability) {
        return capabilities.contains(capability);
    }
}
