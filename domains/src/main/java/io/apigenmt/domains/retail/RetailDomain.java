package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.ReferenceDomain;

/** The retail customer-service domain (tau-bench retail): orders, exchanges, returns. */
public final class RetailDomain extends ReferenceDomain {

    /** The reference database, generated from {@link RetailDataGenerator#DEFAULT_SEED}. */
    public RetailDomain() {
        this(RetailDataGenerator.DEFAULT_SEED);
    }

    public RetailDomain(long dataSeed) {
        this(new RetailPolicyChecker(), dataSeed);
    }

    private RetailDomain(RetailPolicyChecker checker, long dataSeed) {
        super("retail", 3, new RetailDataGenerator(dataSeed).generate(), RetailTools.create(), checker,
                fresh -> new RetailContextSampler(fresh, checker));
    }
}
