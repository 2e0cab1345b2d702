package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SimModelOptions model;

    @Mixin
    RandomSeedOption randomSeed;

    @Mixin
    ConfigFileOption config;

    @Mixin
    DomainDataOption domainData;

    @Option(names = "--tasks-file", paramLabel = "FILE",
            description = "Given tasks (the file of 'seed --tasks-file') whose instructions the simulated user plays from "
                    + "their ground truth; their users are looked up in the domains' data.")
    Path tasksFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be in 0..65535, got " + port);
        }
        SimLlmOptions options = model.options(randomSeed.value).withPort(port).withHost(host);
        Resolution resolved = config.layers(spec.name(), Main.environment(spec), domainData).resolve();
        DomainRegistry domains = DomainSource.load(resolved);
        List<GivenTaskFile.Line> given = tasksFile == null ? List.of()
                : TasksFileOption.read(tasksFile, domains, null, resolved.config(PipelineConfig.class), spec.commandLine().getErr());
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimLlmServer server = SimLlm.server(options, domains, given)) {
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
}
