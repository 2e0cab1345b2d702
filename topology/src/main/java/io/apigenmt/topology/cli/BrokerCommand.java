package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen broker}: a local cluster for workers — a real KRaft broker and a Confluent-API
 * schema registry on loopback, with every pipeline topic created. Prints the two addresses,
 * one line each, then serves until SIGINT/SIGTERM.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a local Kafka broker (KRaft) and schema registry on 127.0.0.1 with the pipeline topics.",
            "Prints bootstrap.servers=... and schema.registry.url=..., then serves until Ctrl-C / SIGTERM."})
final class BrokerCommand implements Callable<Integer> {

    /** How long the shutdown hook waits for the broker to stop cleanly. */
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka client port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker's data here (reused on restart). Default: a temp dir removed on exit.")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "32", paramLabel = "N",
            description = "Partitions per pipeline topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of every pipeline topic name. Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM only runs shutdown hooks on SIGINT/SIGTERM; the hook hands the stop to this
        // thread and waits for the clean shutdown, since the JVM halts when the hooks return.
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "apigen-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(port, registryPort, dataDir)) {
            TopicAdmin.forBootstrap(platform.bootstrapServers())
                    .createTopics(new Topics(topicPrefix), partitions, TopicAdmin.DEFAULT_REPLICATION);
            PrintWriter out = spec.commandLine().getOut();
            out.println("bootstrap.servers=" + platform.bootstrapServers());
            out.println("schema.registry.url=" + platform.registryUrl());
            out.flush();
            stopRequested.await();
        } finally {
            stopped.countDown();
            removeHook(hook);
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535, got " + port);
        }
        if (registryPort < 0 || registryPort > 65535) {
            throw new UsageException("--registry-port must be 0..65535, got " + registryPort);
        }
        if (port != 0 && port == registryPort) {
            throw new UsageException("--port and --registry-port must differ, both are " + port);
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new UsageException("--partitions must be 1..10000, got " + partitions);
        }
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new UsageException("--data-dir is not a directory: " + dataDir);
        }
        try {
            new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--topic-prefix: " + e.getMessage());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and must stay.
        }
    }
}
