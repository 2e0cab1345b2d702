package io.apigenmt.topology.environment;

import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A domain together with its description: what a stage's work gets, so it reads policy and tools at once. */
public record DescribedDomain(AsyncDomain domain, DomainDescription description) {

    public String name() {
        return domain.name();
    }

    public Optional<String> dataFingerprint() {
        return domain.dataFingerprint();
    }

    public String policy() {
        return description.policy();
    }

    public List<ToolSpec> tools() {
        return description.tools();
    }

    public Optional<ToolSpec> tool(String name) {
        return description.tool(name);
    }

    public boolean offers(Capability capability) {
        return description.offers(capability);
    }

    public CompletableFuture<AsyncEpisode> openEpisode() {
        return domain.openEpisode();
    }

    public CompletableFuture<List<PolicyViolation>> checkPolicy(List<ExecutedCall> trace) {
        return domain.checkPolicy(trace);
    }

    public CompletableFuture<TaskContext> context(long seed) {
        return domain.context(seed);
    }

    public CompletableFuture<TaskContext> memberContext(long customerSeed, int member) {
        return domain.memberContext(customerSeed, member);
    }
}
