package io.apigenmt.topology.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "broker", mixinStandardHelpOptions = true, description = "PLACEHOLDER")
final class BrokerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'broker' is not available in this build yet");
    }
}
