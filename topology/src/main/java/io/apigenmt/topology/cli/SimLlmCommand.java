package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sim-llm", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class SimLlmCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'sim-llm' is not available in this build yet");
    }
}
