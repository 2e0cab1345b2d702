package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.dataset.DatasetCard;
import io.apigenmt.topology.dataset.DatasetCard.Provenance;
import io.apigenmt.topology.dataset.DatasetCard.RoleEndpoint;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --license ID}: the license the dataset card declares, and the card's provenance. */
final class LicenseOption {

    @Option(names = "--license", defaultValue = DatasetCard.DEFAULT_LICENSE, paramLabel = "ID",
            description = "License id written to the dataset card (README.md), e.g. apache-2.0, cc-by-4.0, other. "
                    + "Default: ${DEFAULT-VALUE} (the generating models' terms apply).")
    String license;

    /** @throws UsageException naming the flag when the id is not a license id */
    void validate() {
        try {
            DatasetCard.requireLicense(license);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--license: " + e.getMessage());
        }
    }

    /** Who made the folder and how: version, the command line (credentials in URLs masked), license. */
    Provenance provenance(CommandSpec spec, Map<String, RoleEndpoint> endpoints, JsonNode report) {
        String command = "apigen " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return new Provenance(VersionProvider.version(), DatasetCard.maskCredentials(command), license, endpoints,
                report, Instant.now());
    }
}
