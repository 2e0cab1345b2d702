package io.apigenmt.topology.cli;

import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.remote.RemoteEnvironments;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Before {@code run} or {@code bench} seeds anything: every remote environment it will generate
 * tasks for answers its description and offers {@code context}. A worker does not ask: it waits
 * for an environment that is down, redoing its units, since it runs for as long as the
 * environments do.
 */
final class EnvironmentPreflight {

    private EnvironmentPreflight() {}

    /** @throws IllegalStateException naming the environment and what is wrong (exit 1) */
    static void check(PipelineConfig config, List<String> seeded, PrintWriter log) throws InterruptedException {
        if (config.environments().isEmpty()) {
            return;
        }
        PipelineConfig.EnvironmentCalls calls = config.environmentCalls();
        try (RemoteEnvironments remotes = new RemoteEnvironments(config.environments(), Duration.ofMillis(calls.timeoutMs()),
                calls.retries())) {
            for (AsyncDomain domain : remotes.domains()) {
                DomainDescription d;
                try {
                    d = domain.describe().get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage());
                }
                if (seeded.stream().map(String::strip).anyMatch(domain.name()::equals) && !d.offers(Capability.CONTEXT)) {
                    throw new IllegalStateException("environment '" + domain.name() + "' at " + domain.location()
                            + " has no context capability, so its tasks cannot be generated: give it tasks with "
                            + "'apigen seed --tasks-file' and run workers");
                }
                log.println("environment " + domain.name() + " at " + domain.location() + ": " + d.tools().size()
                        + " tools, capabilities " + d.capabilities());
            }
        }
        log.flush();
    }
}
