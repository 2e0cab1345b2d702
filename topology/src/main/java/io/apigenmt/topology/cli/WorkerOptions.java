package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import picocli.CommandLine.Option;

/** Flags that size a worker, shared by run, bench, worker and config show; their defaults are the configuration's. */
final class WorkerOptions implements ConfigFlags {

    @Option(names = "--concurrency", paramLabel = "C",
            description = "Units of work in flight per stage and model calls in flight per endpoint: sets worker.concurrency"
                    + " and llm.max_concurrency (a role's own max_concurrency in --config still applies).")
    Integer concurrency;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads per stage: worker.threads (env APIGEN_THREADS).")
    Integer threads;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the topics created when missing: cluster.partitions.")
    Integer partitions;

    @Override
    public void applyTo(ConfigLoader layers) {
        layers.flag("--concurrency", concurrency, "worker.concurrency", "llm.max_concurrency")
                .flag("--threads", threads, "worker.threads")
                .flag("--partitions", partitions, "cluster.partitions");
    }
}
