package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
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
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.worker.MetricsServer;
import io.apigenmt.topology.worker.MicrometerStageMetrics;
import io.apigenmt.topology.worker.Worker;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.apigenmt.topology.worker.HeapAfterGc;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Assembles a worker process from its configuration: topics ensured, domains loaded, the LLM
 * runtime (one HTTP client, adaptive per-endpoint limits), metrics, the selected stages.
 * Used by {@code worker} and by {@code run}; closing it stops everything in reverse order.
 */
final class WorkerLauncher implements AutoCloseable {

    private final ClusterConnection cluster;
    private final PrometheusMeterRegistry meters;
    private final LlmRuntime llm;
    private final LlmSettings llmSettings;
    private final Worker worker;
    private final MetricsServer metricsServer;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final HeapAfterGc heapAfterGc = new HeapAfterGc();
    private final BudgetMeter budget;

    /** How often the budget's books are caught up with the topics. */
    private static final Duration BUDGET_REFRESH = Duration.ofMillis(500);

    /**
     * @param workerId    stable id for static membership; null for a random, non-static member
     * @param domains     loaded once per process: each domain generates its database when loaded
     * @param environment where credentials and API keys named in the configuration are read
     */
    WorkerLauncher(PipelineConfig config, Set<String> stages, String workerId, DomainRegistry domains,
                   Map<String, String> environment) {
        this(config, stages, workerId, domains, environment, seedId -> true);
    }

    /** @param budgetScope the seeds whose spend counts against cost.max_usd (every seed, for a worker) */
    WorkerLauncher(PipelineConfig config, Set<String> stages, String workerId, DomainRegistry domains,
                   Map<String, String> environment, Predicate<String> budgetScope) {
        requirePrices(config);
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
        LlmSettings settings = config.llm();
        this.llm = LlmRuntime.create(settings, new MicrometerLlmMetrics(meters), environment::get);
        this.llmSettings = settings;
        boolean staticMembership = workerId != null;
        String id = staticMembership ? workerId : "worker-" + UUID.randomUUID();
        ModelRoles roles = llm.roles(settings);
        this.budget = config.cost().maxUsd() == null ? null : budget(config, domains, budgetScope);
        this.worker = new Worker(config, stages, id, staticMembership, cluster.registry(), domains,
                roles, new MicrometerStageMetrics(meters), budget == null ? Budget.UNLIMITED : budget);
        this.metricsServer = config.worker().metricsPort() >= 0
                ? MetricsServer.start(config.worker().metricsHost(), config.worker().metricsPort(), meters, worker)
                : null;
    }

    /** The spend of a model without a price is unknown: a budget needs a price for every model the roles use. */
    static void requirePrices(PipelineConfig config) {
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
                config.topics(), cluster.registry(), new SeedCheck(domains, config.fanout().maxTasksPerSeed(),
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
            });
        }
    }

    Worker worker() {
        return worker;
    }

    ClusterConnection cluster() {
        return cluster;
    }

    LlmRuntime llm() {
        return llm;
    }

    /** The model endpoints every role of this worker calls (for a dataset card's provenance). */
    LlmSettings llmSettings() {
        return llmSettings;
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
        worker.close();
        if (budget != null) {
            budget.close();
        }
        llm.close();
        gcMetrics.close();
        heapAfterGc.close();
        meters.close();
    }
}
