package io.apigenmt.domains.retail;

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

/** The retail customer-service domain (tau-bench retail): orders, exchanges, returns. */
public final class RetailDomain implements Domain {

    private final Snapshot snapshot;
    private final ToolBox tools = RetailTools.create();
    private final String policy = PolicyText.load(RetailDomain.class, "policy.md");
    private final RetailPolicyChecker checker = new RetailPolicyChecker();
    private final RetailContextSampler sampler;

    /** The reference database, generated from {@link RetailDataGenerator#DEFAULT_SEED}. */
    public RetailDomain() {
        this(RetailDataGenerator.DEFAULT_SEED);
    }

    public RetailDomain(long dataSeed) {
        this.snapshot = new RetailDataGenerator(dataSeed).generate();
        this.sampler = new RetailContextSampler(this::newDomainEnvironment, checker);
    }

    @Override
    public String name() {
        return "retail";
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
        return 3;
    }

    /** The shared reference data (table sizes for reports). */
    public Snapshot snapshot() {
        return snapshot;
    }
}
