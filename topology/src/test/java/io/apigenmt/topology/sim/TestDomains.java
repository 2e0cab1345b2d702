package io.apigenmt.topology.sim;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.environment.Domains;

/** One registry per test JVM: building the reference databases takes seconds. */
public final class TestDomains {

    private TestDomains() {}

    private static final class Holder {
        static final DomainRegistry REGISTRY = DomainRegistry.load();
        static final Domains DOMAINS = Domains.of(REGISTRY);
    }

    public static DomainRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The same domains as the stages see them, in process. */
    public static Domains domains() {
        return Holder.DOMAINS;
    }
}
