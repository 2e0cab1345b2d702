package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'export' is not available in this build yet");
    }
}
