package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'bench' is not available in this build yet");
    }
}
