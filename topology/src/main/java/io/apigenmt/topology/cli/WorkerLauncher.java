package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.environment.remote.RemoteEnvironments;
import io.apigenmt.topology.config.ConfigException;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.BudgetMeter;
import io.apigenmt.topology.llm.ModelRoles;
import io.apigenmt.topology.pipeline.Budget;
import io.apigenmt.topology.llm.LlmRuntime;
import io.apigenmt.topology.llm.LlmSettings;
import io.apigenmt.topology.llm.MicrometerLlmMetrics;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.worker.HealthMeters;
import io.apigenmt.topology.worker.HeapAfterGc;
import io.apigenmt.topology.worker.MetricsServer;
import io.apigenmt.topology.worker.MicrometerStageMetrics;
import io.apigenmt.topology.worker.StageStatusPublisher;
import io.apigenmt.topology.worker.Worker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Assembles a worker process from its configuration: topics ensured, domains loaded (the built-in
 * ones, and the remote environments of {@code environments}), metrics and the health endpoint up,
 * the model endpoints' preflight passed, then the LLM runtime (one HTTP client, adaptive
 * per-endpoint limits, endpoint health) and the selected stages. Used by {@code worker} and by
 * {@code run}; closing it stops everything in reverse order.
 */
final class WorkerLauncher implements AutoCloseable {

    /** The preflight the command wants: checks the endpoints, may wait, returns the configuration to run. */
    @FunctionalInterface
    interface Checks {
        /** @param waiting hears why the worker is not ready yet (the readiness body) */
        PipelineConfig check(PipelineConfig config, Consumer<List<String>> waiting) throws InterruptedException;
    }

    private final ClusterConnection cluster;
    private final PrometheusMeterRegistry meters;
    private final RemoteEnvironments remotes;
    private final MetricsServer metricsServer;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final HeapAfterGc heapAfterGc = new HeapAfterGc();
    private final PipelineConfig config;
    private final LlmRuntime llm;
    private final Worker worker;
    private final String workerId;
    private final BudgetMeter budget;
    private StageStatusPublisher status;

    /** How often the budget's books are caught up with the topics. */
    private static final Duration BUDGET_REFRESH = Duration.ofMillis(500);

    /**
     * @param workerId    stable id for static membership; null for a random, non-static member
     * @param domains     loaded once per process: each domain generates its database when loaded
     * @param environment where credentials and API keys named in the configuration are read
     * @param checks      the model endpoints' preflight, run before the stages are built
     */
    WorkerLauncher(PipelineConfig config, Set<String> stages, String workerId, DomainRegistry domains,
                   Map<String, String> environment, Checks checks) throws InterruptedException {
        this(config, stages, workerId, domains, environment, checks, seedId -> true);
    }

    /** @param budgetScope the seeds whose spend counts against cost.max_usd (every seed, for a worker) */
    WorkerLauncher(PipelineConfig config, Set<String> stages, String workerId, DomainRegistry domains,
                   Map<String, String> environment, Checks checks, Predicate<String> budgetScope)
            throws InterruptedException {
        this.cluster = ClusterConnection.of(config, environment::get);
        new TopicAdmin(cluster.clientProps()).createTopics(config.topics(), config.cluster().partitions(),
                config.cluster().replicationFactor());
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Heap, GC and CPU of the process: whether a worker's memory stays bounded as topics grow.
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics.bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        Gauge.builder("apigen.jvm.heap.after.gc", heapAfterGc, HeapAfterGc::bytes).baseUnit("bytes")
                .description("Heap in use right after the most recent garbage collection")
                .register(meters);
        this.metricsServer = config.worker().metricsPort() >= 0
                ? MetricsServer.start(config.worker().metricsHost(), config.worker().metricsPort(), meters, null)
                : null;
        LlmRuntime runtime = null;
        BudgetMeter meter = null;
        PipelineConfig.EnvironmentCalls calls = config.environmentCalls();
        this.remotes = new RemoteEnvironments(config.environments(), Duration.ofMillis(calls.timeoutMs()), calls.retries());
        try {
            this.config = checks.check(config, problems -> {
                if (metricsServer != null) {
                    metricsServer.waiting(problems);
                }
            });
            // After discovery: the models the roles call are known now.
            requirePrices(this.config);
            LlmSettings settings = this.config.llm();
            runtime = LlmRuntime.create(settings, new MicrometerLlmMetrics(meters), environment::get);
            boolean staticMembership = workerId != null;
            this.workerId = staticMembership ? workerId : "worker-" + UUID.randomUUID();
            meter = this.config.cost().maxUsd() == null ? null : budget(this.config, domains, budgetScope);
            this.budget = meter;
            this.worker = new Worker(this.config, stages, this.workerId, staticMembership, cluster.registry(),
                    Domains.of(domains).with(remotes.domains()), runtime.roles(settings), new MicrometerStageMetrics(meters),
                    meter == null ? Budget.UNLIMITED : meter);
            this.llm = runtime;
        } catch (InterruptedException | RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            }
            if (meter != null) {
                meter.close();
            }
            remotes.close();
            if (metricsServer != null) {
                metricsServer.close();
            }
            closeMeters();
            throw e;
        }
        if (metricsServer != null) {
            metricsServer.serve(worker);
        }
    }

    /** The spend of a model without a price is unknown: a budget needs a price for every model the roles use. */
    private static void requirePrices(PipelineConfig config) {
        if (config.cost().maxUsd() == null) {
            return;
        }
        Prices prices = config.cost().priceList();
        Set<String> unpriced = new TreeSet<>();
        config.llm().allRoles().forEach(role -> unpriced.add(role.model()));
        unpriced.removeIf(model -> prices.of(model).isPresent());
        if (!unpriced.isEmpty()) {
            throw new ConfigException("cost.max_usd (--max-cost) needs a price for every model the roles use; "
                    + "cost.prices has none for " + String.join(", ", unpriced));
        }
    }

    private BudgetMeter budget(PipelineConfig config, DomainRegistry domains, Predicate<String> scope) {
        Prices prices = config.cost().priceList();
        BudgetMeter meter = new BudgetMeter(BigDecimal.valueOf(config.cost().maxUsd()), prices, cluster.clientProps(),
                config.topics(), cluster.registry(), new SeedCheck(Domains.names(domains, config.environments()), config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes()), config.rollout().trials(), scope, BUDGET_REFRESH);
        Gauge.builder("apigen.budget.spent", meter, m -> m.spentUsd().doubleValue()).baseUnit("usd")
                .description("Spend on the topics as the budget sees it (cost.max_usd)").register(meters);
        return meter;
    }

    void start() {
        worker.start();
        // Consumer lag, commit latency and the rest of Kafka Streams' own metrics, per stage.
        worker.streams().forEach(streams -> new KafkaStreamsMetrics(streams).bindTo(meters));
        for (Stage stage : worker.stages()) {
            stage.asyncStats().ifPresent(stats -> {
                Gauge.builder("apigen.stage.in.flight", stats, AsyncStats::inFlight).tag("stage", stage.name())
                        .description("Units of work in flight (journal entries) of a stage").register(meters);
                Gauge.builder("apigen.stage.resubmitted", stats, AsyncStats::resubmitted).tag("stage", stage.name())
                        .description("Journalled inputs resubmitted after a restart or migration").register(meters);
                Gauge.builder("apigen.stage.held", stats, AsyncStats::held).tag("stage", stage.name())
                        .description("Units of work waiting, journalled, for a dependency that is down").register(meters);
                Gauge.builder("apigen.stage.redone", stats, AsyncStats::redone).tag("stage", stage.name())
                        .description("Held units redone once their dependency answered").register(meters);
            });
            Gauge.builder("apigen.stage.redone.outage", stage, Stage::redoneForOutages).tag("stage", stage.name())
                    .description("Units of work redone because their domain's environment was unavailable").register(meters);
        }
        HealthMeters.bind(meters, worker.pauses().values(), llm.dependencies());
        if (!worker.pauses().isEmpty()) {
            // So that `apigen report`, which sees no worker, can say which stages wait and why.
            status = new StageStatusPublisher(cluster.clientProps(), config.topics(), cluster.registry(), workerId, worker,
                    Clock.systemUTC());
            status.start();
        }
    }

    /** The configuration the worker runs with: the given one, with any model discovery applied. */
    PipelineConfig config() {
        return config;
    }

    Worker worker() {
        return worker;
    }

    /** What the stages have done so far, for the worker's status line. */
    WorkerStatus.Totals totals() {
        Map<String, Long> in = new TreeMap<>();
        meters.find("apigen.stage.records.in").counters()
                .forEach(c -> in.merge(c.getId().getTag("stage"), (long) c.count(), Long::sum));
        Map<String, Long> inFlight = new LinkedHashMap<>();
        worker.stages().forEach(stage -> stage.asyncStats().ifPresent(stats -> inFlight.put(stage.name(), stats.inFlight())));
        long calls = (long) meters.find("apigen.llm.calls").counters().stream().mapToDouble(Counter::count).sum();
        return new WorkerStatus.Totals(in, inFlight, calls, worker.states());
    }

    /** These metric families of the worker's own registry, as its {@code /metrics?name[]=...} serves them. */
    PromText metrics(Set<String> families) {
        return PromText.parse(meters.scrape(MetricsServer.TEXT_FORMAT, MetricsServer.withFamilyNames(families)), families);
    }

    ClusterConnection cluster() {
        return cluster;
    }

    LlmRuntime llm() {
        return llm;
    }

    /** The model endpoints every role of this worker calls (for a dataset card's provenance). */
    LlmSettings llmSettings() {
        return config.llm();
    }

    /** The metrics endpoint's port, or -1 when there is none. */
    int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (status != null) {
            status.close();
        }
        worker.close();
        remotes.close();
        if (budget != null) {
            budget.close();
        }
        llm.close();
        closeMeters();
    }

    private void closeMeters() {
        gcMetrics.close();
        heapAfterGc.close();
        meters.close();
    }
}
