package io.apigenmt.domains;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
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

    /**
     * Every {@link Domain} on the class path, except that a provider of the same class as one of
     * {@code given} is replaced by it, without being built (e.g. a built-in domain on other data).
     */
    public static DomainRegistry load(Collection<? extends Domain> given) {
        Map<Class<?>, Domain> byClass = new HashMap<>();
        given.forEach(d -> byClass.put(d.getClass(), d));
        Map<String, Domain> found = new LinkedHashMap<>();
        ServiceLoader.load(Domain.class).stream().forEach(provider -> {
            Domain d = byClass.containsKey(provider.type()) ? byClass.get(provider.type()) : provider.get();
            found.put(d.name(), d);
        });
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
