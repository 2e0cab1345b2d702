package io.apigenmt.topology.cli;

import io.apigenmt.domains.Domain;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.environment.serve.EnvironmentServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen env serve}: a built-in domain over the environment protocol, for pipelines that
 * reach it with {@code --environment NAME=URL} (and as the reference server of the protocol).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a built-in domain over the environment protocol until Ctrl-C / SIGTERM: describe, "
                + "episodes (calls, state with hash and diff), context and policy-check.")
final class EnvServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "The built-in domain to serve: retail or airline.")
    String domain;

    @Mixin
    DomainDataOption domainData;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--port", defaultValue = "7000", paramLabel = "P", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Bind address (the server has no authentication). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--episode-idle-seconds", defaultValue = "600", paramLabel = "S",
            description = "Drop an episode after this long without a request (the protocol's 10 minutes). Default: ${DEFAULT-VALUE}.")
    long idleSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be in 0..65535, got " + port);
        }
        if (idleSeconds < 1) {
            throw new UsageException("--episode-idle-seconds must be at least 1, got " + idleSeconds);
        }
        Domain served = DomainSource.require(DomainSource.load(config.layers(spec.name(), Main.environment(spec), domainData)
                .resolve()), domain, "--domain");
        try (ShutdownSignal signal = new ShutdownSignal("apigen-env-serve");
             EnvironmentServer server = new EnvironmentServer(LocalDomain.of(served), host, port, Duration.ofSeconds(idleSeconds))) {
            server.start();
            spec.commandLine().getOut().println("environment " + served.name() + " served at " + server.baseUrl());
            spec.commandLine().getOut().flush();
            signal.await();
        }
        return ExitCodes.OK;
    }
}
