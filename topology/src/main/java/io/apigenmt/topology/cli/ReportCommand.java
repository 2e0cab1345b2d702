package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'report' is not available in this build yet");
    }
}
