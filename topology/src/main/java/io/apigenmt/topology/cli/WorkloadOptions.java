package io.apigenmt.topology.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** What run and bench seed and how long they wait for it: one name and one default each. */
final class WorkloadOptions {

    @Option(names = "--domains", defaultValue = "retail,airline", split = ",", paramLabel = "LIST",
            description = "Domains to seed, one seed each. Default: ${DEFAULT-VALUE}.")
    List<String> domains;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
            description = "Give up (exit 1) if tasks are still in flight after this long. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    /** @throws UsageException naming the flag of the first bad value */
    /** @param known the domains served: built-in and remote ({@code --environment}) */
    void validate(Set<String> known) {
        if (domains.isEmpty() || domains.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--domains must list at least one domain");
        }
        for (String d : domains) {
            if (!known.contains(d.strip())) {
                throw new UsageException("--domains: unknown domain '" + d.strip() + "'; known: " + String.join(", ", known));
            }
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
