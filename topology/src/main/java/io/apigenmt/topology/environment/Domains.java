package io.apigenmt.topology.environment;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The domains a worker serves, by the name seeds use: the built-in ones in process, and the
 * remote environments it was given ({@code --environment NAME=URL}); a remote environment named
 * like a built-in domain takes its place.
 */
public final class Domains {

    private final Map<String, AsyncDomain> byName;

    private Domains(Map<String, AsyncDomain> byName) {
        // Insertion order keeps messages that list the domains stable.
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Every domain of the registry, in process. */
    public static Domains of(DomainRegistry registry) {
        Map<String, AsyncDomain> found = new LinkedHashMap<>();
        for (String name : registry.names()) {
            Domain domain = registry.find(name).orElseThrow();
            found.put(name, LocalDomain.of(domain));
        }
        return new Domains(found);
    }

    /** These domains, and {@code more} in place of any of the same name. */
    public Domains with(Collection<? extends AsyncDomain> more) {
        Map<String, AsyncDomain> all = new LinkedHashMap<>(byName);
        more.forEach(d -> all.put(d.name(), d));
        return new Domains(all);
    }

    /** The names a worker with these built-in domains and these remote environments serves. */
    public static Set<String> names(DomainRegistry builtIns, Map<String, String> environments) {
        Set<String> names = new LinkedHashSet<>(builtIns.names());
        names.addAll(environments.keySet());
        return names;
    }

    public Optional<AsyncDomain> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
