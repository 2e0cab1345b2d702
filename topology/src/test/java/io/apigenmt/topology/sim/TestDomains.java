package io.apigenmt.topology.sim;

import io.apigenmt.domains.DomainRegistry;

/** One registry per test JVM: building the reference databases takes seconds. */
public final class TestDomains {

    private TestDomains() {}

    private static final class Holder {
        static final DomainRegistry REGISTRY = DomainRegistry.load();
    }

    public static DomainRegistry registry() {
        return Holder.REGISTRY;
    }
}
