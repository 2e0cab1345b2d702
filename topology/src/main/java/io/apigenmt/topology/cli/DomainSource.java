package io.apigenmt.topology.cli;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.data.DomainData;
import io.apigenmt.domains.data.DomainDataException;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The domains a command runs: the built-in ones that {@code domain_data} names on those databases,
 * every other one on its generated database. Loaded and checked once, at startup, so a bad
 * directory or record stops the command before it starts anything (exit 2, one line naming the
 * key, where it was set, the file and the record).
 */
final class DomainSource {

    private DomainSource() {}

    /** @throws UsageException when a directory is missing or a file in it cannot be loaded */
    static DomainRegistry load(Resolution resolved) {
        List<Domain> given = new ArrayList<>();
        new TreeMap<>(resolved.config(PipelineConfig.class).domainData()).forEach((name, value) -> {
            String key = "domain_data." + name;
            String where = " (" + resolved.sourceOf(key) + ")";
            Path dir;
            try {
                dir = Path.of(value);
            } catch (InvalidPathException e) {
                throw new UsageException(key + ": '" + value + "' is not a path" + where);
            }
            if (!Files.isDirectory(dir)) {
                throw new UsageException(key + ": " + value + " is not a directory" + where);
            }
            try {
                given.add(DomainData.load(name, dir));
            } catch (DomainDataException e) {
                // e.g. domain_data.retail: data/orders.json: order #W1: items[2].price is not a number (flag --domain-data)
                String detail = e.getMessage().startsWith(e.file()) ? e.getMessage().substring(e.file().length()) : ": " + e.getMessage();
                throw new UsageException(key + ": " + dir.resolve(e.file()) + detail + where);
            }
        });
        return DomainRegistry.load(given);
    }

    /** The domain by name, or a usage error naming the flag that chose it. */
    static Domain require(DomainRegistry domains, String name, String flag) {
        return domains.find(name).orElseThrow(() -> new UsageException(flag + ": unknown domain '" + name + "'; known: "
                + String.join(", ", domains.names())));
    }

    /** One line per domain on given data: {@code retail on DIR (data 1a2b3c4d5e6f7a8b)}, for startup messages. */
    static List<String> describe(DomainRegistry domains, PipelineConfig config) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(config.domainData()).forEach((name, dir) -> domains.find(name).ifPresent(d ->
                lines.add(name + " on " + dir + d.dataFingerprint().map(f -> " (data " + f + ")").orElse(""))));
        return lines;
    }
}
