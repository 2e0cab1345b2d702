package io.apigenmt.topology.cli;

import io.apigenmt.topology.sim.SimLlmOptions;
import picocli.CommandLine.Option;

/** {@code --random-seed}: one name and one default for run, bench, seed and sim-llm. */
final class RandomSeedOption {

    @Option(names = "--random-seed", defaultValue = "" + SimLlmOptions.DEFAULT_RANDOM_SEED, paramLabel = "S",
            description = "Seeds the task sampling and the simulated model. Default: ${DEFAULT-VALUE}.")
    long value;

    /** The seed ends up in records: it must fit in 53 bits (JSON and JavaScript clients). */
    void validate() {
        UsageException.requireJsonSafe("--random-seed", value);
    }
}
