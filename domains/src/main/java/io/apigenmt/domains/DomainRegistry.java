package io.apigenmt.domains;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** Domains by name, as discovered through {@link ServiceLoader}. */
public final class DomainRegistry {

    private final Map<String, Domain> byName;

    private DomainRegistry(Map<String, Domain> byName) {
        // Insertion order (service-file order) keeps messages listing the domains stable.
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Loads every {@link Domain} on the class path. Domain construction generates its database once. */
    public static DomainRegistry load() {
        Map<String, Domain> found = new LinkedHashMap<>();
        for (Domain d : ServiceLoader.load(Domain.class)) {
            found.put(d.name(), d);
        }
        return new DomainRegistry(found);
    }

    public static DomainRegistry of(Domain... domains) {
        Map<String, Domain> found = new LinkedHashMap<>();
        for (Domain d : domains) {
            found.put(d.name(), d);
        }
        return new DomainRegistry(found);
    }

    public Optional<Domain> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
