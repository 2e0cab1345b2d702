package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'worker' is not available in this build yet");
    }
}
