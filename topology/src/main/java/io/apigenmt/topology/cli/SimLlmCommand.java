package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.sim.SimReasoning;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sim-llm", mixinStandardHelpOptions = true,
        description = "Run the built-in deterministic OpenAI-compatible model server that plays every pipeline role offline.")
final class SimLlmCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", description = "TCP port (0 = any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Bind address (default ${DEFAULT-VALUE}; the server has no authentication).")
    String host;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Fixed delay before every answer, ms.")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "0", description = "Extra random delay per request, up to this many ms.")
    long jitterMs;

    @Option(names = "--fault-rate", defaultValue = "0", description = "Share of requests answered with an injected fault, 0-1.")
    double faultRate;

    @Option(names = "--random-seed", defaultValue = "42", description = "Seed: answers are a function of seed and request.")
    long randomSeed;

    @Option(names = "--defect-rate", defaultValue = "0.3", description = "Share of first blueprints with a defect, 0-1.")
    double defectRate;

    @Option(names = "--revision-fix-rate", defaultValue = "0.85", description = "Share of revisions that fix the blueprint, 0-1.")
    double revisionFixRate;

    @Option(names = "--judge-noise", defaultValue = "0.1", description = "Per-item probability that a judge flips a score, 0-1.")
    double judgeNoise;

    @Option(names = "--agent-error-rate", defaultValue = "0.1", description = "How often the simulated agent errs, 0-1.")
    double agentErrorRate;

    @Option(names = "--reasoning", defaultValue = "none", paramLabel = "SHAPE",
            description = "Answer like a reasoning model: none, think, think-close-only, think-unclosed, reasoning-content,"
                    + " reasoning. Default: ${DEFAULT-VALUE}.")
    String reasoning;

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimLlmOptions options = options();
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimLlmServer server = SimLlm.server(options, DomainRegistry.load())) {
            int actual = server.start();
            // SIGINT/SIGTERM run shutdown hooks: close the server and let call() return.
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "sim-llm-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getOut().println("sim-llm listening on http://" + options.host() + ":" + actual + "/v1");
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    private SimLlmOptions options() {
        rate("--fault-rate", faultRate);
        rate("--defect-rate", defectRate);
        rate("--revision-fix-rate", revisionFixRate);
        rate("--judge-noise", judgeNoise);
        rate("--agent-error-rate", agentErrorRate);
        if (port < 0 || port > 65535) {
            throw bad("--port must be in 0..65535 but was " + port);
        }
        if (latencyMs < 0) {
            throw bad("--latency-ms must be >= 0 but was " + latencyMs);
        }
        if (jitterMs < 0) {
            throw bad("--jitter-ms must be >= 0 but was " + jitterMs);
        }
        SimReasoning shape;
        try {
            shape = SimReasoning.parse(reasoning);
        } catch (IllegalArgumentException e) {
            throw bad("--reasoning: " + e.getMessage());
        }
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate,
                judgeNoise, agentErrorRate, shape);
    }

    private void rate(String flag, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw bad(flag + " must be in [0, 1] but was " + value);
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
