package io.apigenmt.domains.tools;

import io.apigenmt.domains.ContextSampler;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.PolicyText;
import io.apigenmt.domains.state.Snapshot;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A domain over a generated reference database: one shared read-only snapshot, a tool box, a
 * policy text (resource {@code policy.md} beside the concrete class), a policy checker and a
 * context sampler that executes its suggested walks on fresh environments.
 */
public abstract class ReferenceDomain implements Domain {

    private final String name;
    private final int attemptBudget;
    private final Snapshot snapshot;
    private final ToolBox tools;
    private final String policy;
    private final PolicyChecker checker;
    private final ContextSampler sampler;

    /**
     * @param sampler builds the sampler from a supplier of fresh environments of this domain
     */
    protected ReferenceDomain(String name, int attemptBudget, Snapshot snapshot, ToolBox tools,
                              PolicyChecker checker, Function<Supplier<DomainEnvironment>, ContextSampler> sampler) {
        this.name = name;
        this.attemptBudget = attemptBudget;
        this.snapshot = snapshot;
        this.tools = tools;
        this.policy = PolicyText.load(getClass(), "policy.md");
        this.checker = checker;
        this.sampler = sampler.apply(this::newEnvironment);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String policy() {
        return policy;
    }

    @Override
    public final List<ToolSpec> tools() {
        return tools.specs();
    }

    @Override
    public final DomainEnvironment newEnvironment() {
        return new DomainEnvironment(tools, new Database(snapshot));
    }

    @Override
    public final PolicyChecker policyChecker() {
        return checker;
    }

    @Override
    public final ContextSampler contextSampler() {
        return sampler;
    }

    @Override
    public final int defaultAttemptBudget() {
        return attemptBudget;
    }

    /** The shared reference data (table sizes for reports). */
    public final Snapshot snapshot() {
        return snapshot;
    }
}
