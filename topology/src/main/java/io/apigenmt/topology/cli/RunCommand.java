package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'run' is not available in this build yet");
    }
}
