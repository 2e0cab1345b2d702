package io.apigenmt.topology.cli;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.data.DomainData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The domains a command runs on: a built-in domain on a database directory given with
 * {@code --domain-data D=DIR} (tau-bench's layout), every other domain on its generated database.
 * Each is built once, when first asked for (building a domain's database takes seconds).
 */
final class DomainSource {

    static final String FLAG = "--domain-data";

    private final Map<String, Path> dataDirs;
    private final Map<String, Optional<Domain>> built = new HashMap<>();
    private DomainRegistry registry;

    private DomainSource(Map<String, Path> dataDirs) {
        this.dataDirs = dataDirs;
    }

    /** @throws UsageException when a key is not a built-in domain or a value not a directory */
    static DomainSource of(Map<String, Path> dataDirs) {
        Map<String, Path> dirs = new TreeMap<>(dataDirs == null ? Map.of() : dataDirs);
        dirs.forEach((domain, dir) -> {
            if (!DomainData.BUILT_IN.contains(domain)) {
                throw new UsageException(FLAG + ": unknown domain '" + domain + "'; built-in domains are "
                        + String.join(", ", DomainData.BUILT_IN));
            }
            if (!Files.isDirectory(dir)) {
                throw new UsageException(FLAG + ": " + domain + "=" + dir + " is not a directory");
            }
        });
        return new DomainSource(dirs);
    }

    /**
     * The domain by name; empty when there is none. A malformed database fails here with a
     * {@link io.apigenmt.domains.data.DomainDataException} naming file and record.
     */
    Optional<Domain> find(String name) {
        return built.computeIfAbsent(name, n -> {
            Path dir = dataDirs.get(n);
            if (dir != null) {
                return Optional.of(DomainData.load(n, dir));
            }
            if (registry == null) {
                registry = DomainRegistry.load();
            }
            return registry.find(n);
        });
    }

    /** The domain by name, or a usage error naming the flag that chose it. */
    Domain require(String name, String flag) {
        return find(name).orElseThrow(() -> new UsageException(flag + ": unknown domain '" + name + "'; known: "
                + String.join(", ", registry == null ? DomainData.BUILT_IN : registry.names())));
    }
}
