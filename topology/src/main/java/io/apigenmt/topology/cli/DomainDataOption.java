package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --domain-data NAME=DIR}, repeatable: built-in domain NAME on the database in DIR
 * (tau-bench's JSON layout). It sets the key {@code domain_data.NAME}, so a config file's
 * {@code domain_data} and {@code APIGEN_DOMAIN_DATA__NAME} work the same for every command that
 * runs domains (run, worker, bench, sim-llm, domain exec, verify); {@link DomainSource} loads it.
 */
final class DomainDataOption implements ConfigFlags {

    static final String FLAG = "--domain-data";

    @Option(names = FLAG, paramLabel = "NAME=DIR",
            description = "Run built-in domain NAME (retail, airline) on the database in DIR, in tau-bench's JSON layout: "
                    + "domain_data.NAME; repeatable. Every worker must get the same data.")
    Map<String, String> dirs;

    @Override
    public void applyTo(ConfigLoader layers) {
        if (dirs != null) {
            dirs.forEach((name, dir) -> layers.flag(FLAG, dir, "domain_data." + name));
        }
    }
}
