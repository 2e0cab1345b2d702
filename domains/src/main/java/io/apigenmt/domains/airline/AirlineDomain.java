package io.apigenmt.domains.airline;

import io.apigenmt.domains.tools.ReferenceDomain;

/** The airline customer-service domain (tau-bench airline): bookings, changes, cancellations. */
public final class AirlineDomain extends ReferenceDomain {

    /** The reference database, generated from {@link AirlineDataGenerator#DEFAULT_SEED}. */
    public AirlineDomain() {
        this(AirlineDataGenerator.DEFAULT_SEED);
    }

    public AirlineDomain(long dataSeed) {
        this(new AirlinePolicyChecker(), dataSeed);
    }

    private AirlineDomain(AirlinePolicyChecker checker, long dataSeed) {
        super("airline", 5, new AirlineDataGenerator(dataSeed).generate(), AirlineTools.create(), checker,
                fresh -> new AirlineContextSampler(fresh, checker));
    }
}
