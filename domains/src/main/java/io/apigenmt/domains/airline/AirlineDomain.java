package io.apigenmt.domains.airline;

import io.apigenmt.domains.ContextSampler;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.PolicyText;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.tools.DomainEnvironment;
import io.apigenmt.domains.tools.ToolBox;
import java.util.List;

/** The airline customer-service domain (tau-bench airline): bookings, changes, cancellations. */
public final class AirlineDomain implements Domain {

    private final Snapshot snapshot;
    private final ToolBox tools = AirlineTools.create();
    private final String policy = PolicyText.load(AirlineDomain.class, "policy.md");
    private final AirlinePolicyChecker checker = new AirlinePolicyChecker();
    private final AirlineContextSampler sampler;

    /** The reference database, generated from {@link AirlineDataGenerator#DEFAULT_SEED}. */
    public AirlineDomain() {
        this(AirlineDataGenerator.DEFAULT_SEED);
    }

    public AirlineDomain(long dataSeed) {
        this.snapshot = new AirlineDataGenerator(dataSeed).generate();
        this.sampler = new AirlineContextSampler(this::newDomainEnvironment, checker);
    }

    @Override
    public String name() {
        return "airline";
    }

    @Override
    public String policy() {
        return policy;
    }

    @Override
    public List<ToolSpec> tools() {
        return tools.specs();
    }

    @Override
    public DomainEnvironment newEnvironment() {
        return newDomainEnvironment();
    }

    private DomainEnvironment newDomainEnvironment() {
        return new DomainEnvironment(tools, new Database(snapshot));
    }

    @Override
    public PolicyChecker policyChecker() {
        return checker;
    }

    @Override
    public ContextSampler contextSampler() {
        return sampler;
    }

    @Override
    public int defaultAttemptBudget() {
        return 5;
    }

    public Snapshot snapshot() {
        return snapshot;
    }
}
