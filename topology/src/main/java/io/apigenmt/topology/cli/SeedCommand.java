package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "seed", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class SeedCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'seed' is not available in this build yet");
    }
}
