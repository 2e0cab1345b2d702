package io.apigenmt.topology.pipeline;

import static io.apigenmt.topology.config.Rule.atLeast;
import static io.apigenmt.topology.config.Rule.between;

import io.apigenmt.domains.data.DomainData;
import io.apigenmt.topology.config.Kind;
import io.apigenmt.topology.config.MapSetting;
import io.apigenmt.topology.config.Rule;
import io.apigenmt.topology.config.Section;
import io.apigenmt.topology.config.Setting;
import io.apigenmt.topology.cost.ModelPrice;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.llm.LlmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Every setting of a worker, in one typed, immutable place, resolved by {@link ConfigLoader}
 * from the {@link #DECLARATION}: defaults &lt; a command's own defaults &lt; the {@code --config}
 * file &lt; APIGEN_* environment variables &lt; flags. Each record component is one declared key
 * (a section's record has exactly its keys: checked when the declaration is built), so nothing
 * reads a setting the declaration does not know.
 *
 * <p>Adding a key: one line in {@link #DECLARATION} (name, kind, default, rule, doc; a map of
 * names to values is a {@code MapSetting}) and its component in the section's record; then
 * regenerate the defaults file and the reference (ConfigDefaultsCommand). ConfigReadsTest fails
 * until code reads it.
 */
public record PipelineConfig(
        Cluster cluster,
        Worker worker,
        Fanout fanout,
        Review review,
        Map<String, Integer> budgets,
        Map<String, String> domainData,
        Rollout rollout,
        Map<String, String> environments,
        EnvironmentCalls environmentCalls,
        LlmSettings llm,
        Cost cost) {

    public record Cluster(
            String bootstrapServers,
            String schemaRegistryUrl,
            String topicPrefix,
            int partitions,
            short replicationFactor,
            Map<String, String> kafka,
            Registry registry) {}

    public record Registry(String basicAuthUserInfoEnv, String truststorePath, String truststorePasswordEnv) {}

    public record Worker(
            String stages,
            int concurrency,
            int threads,
            long commitIntervalMs,
            String processingGuarantee,
            String stateDir,
            String metricsHost,
            int metricsPort,
            long drainIntervalMs) {

        public Path stateDirPath() {
            return stateDir.isBlank() ? Path.of(System.getProperty("user.home"), ".apigen", "state") : Path.of(stateDir);
        }
    }

    public record Fanout(int maxTasksPerSeed, int maxPayloadBytes) {}

    public record Review(double acceptThreshold, int minVotes) {}

    public record Rollout(int trials, int maxAgentSteps, int bestOfN) {}

    public record EnvironmentCalls(long timeoutMs, int retries) {}
    /**
     * Money: prices per model and the budget.
     *
     * @param maxUsd the spend after which no stage starts new model work; null: no budget
     *               (docs/costs.md says what "in flight" covers)
     */
    public record Cost(Double maxUsd, Map<String, ModelPrice> prices) {

        public Prices priceList() {
            return new Prices(prices);
        }
    }

    /** Kafka client properties that hold credentials: never shown. */
    private static final List<String> SECRET_WORDS = List.of("password", "jaas", "secret", "token", "credentials", "user.info");

    private static final Rule<String> HTTP_URL = Rule.checked("an http(s) URL without user-info", v -> {
        if (httpUri(v).getUserInfo() != null) {
            throw new IllegalArgumentException("must not carry user-info credentials; name an environment variable in "
                    + "cluster.registry.basic_auth_user_info_env");
        }
    });

    /** An environment's base URL: credentials have no place in it (it is logged and shown). */
    private static final Rule<String> ENVIRONMENT_URL = Rule.checked("an http(s) URL without user-info", v -> {
        URI uri = httpUri(v);
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("must be a base URL without user-info, query or fragment");
        }
    });

    /** The value as an http(s) URI with a host, or an IllegalArgumentException saying it is not one. */
    private static URI httpUri(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not an http(s) URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("is not an http(s) URL");
        }
        return uri;
    }

    private static final Rule<String> BUILT_IN_DOMAIN = Rule.checked("one of " + String.join(", ", DomainData.BUILT_IN),
            name -> {
                if (!DomainData.BUILT_IN.contains(name)) {
                    throw new IllegalArgumentException("'" + name + "' is not a built-in domain; built-in domains are "
                            + String.join(", ", DomainData.BUILT_IN));
                }
            });

    public static final Section DECLARATION = Section.of("", PipelineConfig.class, "",
            Section.of("cluster", Cluster.class, "Where the Kafka cluster and the schema registry are.",
                    Setting.of("bootstrap_servers", Kind.STRING, "", Rule.any(),
                            "Kafka bootstrap servers (host:port,...). Empty: run and bench start the embedded broker.")
                            .alias("APIGEN_BOOTSTRAP_SERVERS"),
                    Setting.of("schema_registry_url", Kind.STRING, "", Rule.blankOr(HTTP_URL),
                            "Confluent-API schema registry. Empty with empty bootstrap_servers: the embedded one.")
                            .alias("APIGEN_SCHEMA_REGISTRY_URL"),
                    Setting.of("topic_prefix", Kind.STRING, Topics.DEFAULT_PREFIX,
                            Rule.checked("letters, digits, '.', '_' and '-'", Topics::new),
                            "Prefix of every topic name and of every stage's application id.").alias("APIGEN_TOPIC_PREFIX"),
                    Setting.of("partitions", Kind.INT, 32, between(1, 10_000),
                            "Partitions of the topics the pipeline creates when they are missing; bound the useful workers per stage."),
                    Setting.of("replication_factor", Kind.SHORT, (short) 1, atLeast((short) 1),
                            "Replication of the topics the pipeline creates (3 on a production cluster)."),
                    MapSetting.of("kafka", Kind.STRING, Map.of(), Rule.any(),
                            "Kafka client properties passed to every client (security.protocol, sasl.*, ssl.*).")
                            .secret(PipelineConfig::isSecretProperty),
                    Section.of("registry", Registry.class, "How the schema registry client authenticates.",
                            Setting.of("basic_auth_user_info_env", Kind.STRING, "", Rule.any(),
                                    "Name of an environment variable holding user:password for the registry."),
                            Setting.of("truststore_path", Kind.STRING, "", Rule.any(), "PKCS12/JKS truststore for an https registry."),
                            Setting.of("truststore_password_env", Kind.STRING, "", Rule.any(),
                                    "Name of an environment variable holding the truststore password."))),
            Section.of("worker", Worker.class, "How a worker process runs its stages.",
                    Setting.of("stages", Kind.STRING, "all", Rule.nonBlank(),
                            "all, or a comma-separated subset of fan-out,generate,review,regenerate,recombine,rollout (worker).")
                            .alias("APIGEN_STAGES"),
                    Setting.of("concurrency", Kind.INT, 256, between(1, 100_000),
                            "Units of work in flight per stage; also the default of llm.max_concurrency.")
                            .alias("APIGEN_CONCURRENCY"),
                    Setting.of("threads", Kind.INT, 2, between(1, 64),
                            "Stream threads per stage (model calls are asynchronous: few suffice).").alias("APIGEN_THREADS"),
                    Setting.of("commit_interval_ms", Kind.LONG, 1000L, between(0L, 600_000L),
                            "Kafka Streams commit interval: how often a stage's transaction commits its outputs."),
                    Setting.of("processing_guarantee", Kind.STRING, "exactly_once_v2", Rule.oneOf("exactly_once_v2", "at_least_once"),
                            "Kafka Streams processing guarantee."),
                    Setting.of("state_dir", Kind.STRING, "", Rule.any(), "Kafka Streams state directory. Empty: ~/.apigen/state."),
                    Setting.of("metrics_host", Kind.STRING, "127.0.0.1", Rule.nonBlank(),
                            "Address the metrics endpoint binds (0.0.0.0 in a container, for probes and Prometheus)."),
                    Setting.of("metrics_port", Kind.INT, -1, between(-1, 65_535),
                            "Port of /metrics and /health/*; 0: any free port; -1: no endpoint.").alias("APIGEN_METRICS_PORT"),
                    Setting.of("drain_interval_ms", Kind.LONG, 20L, between(1L, 60_000L),
                            "How often a model-bound stage forwards finished work when no input arrives.")),
            Section.of("fanout", Fanout.class, "Seeds into tasks.",
                    Setting.of("max_tasks_per_seed", Kind.INT, 10_000, atLeast(1), "Largest task count one seed may request."),
                    Setting.of("max_payload_bytes", Kind.INT, 1_048_576, atLeast(1), "Largest record a stage accepts as input.")),
            Section.of("review", Review.class, "The committee's verdict.",
                    Setting.of("accept_threshold", Kind.DOUBLE, 0.75, between(0.0, 1.0),
                            "Mean of the majority-voted items needed to approve a blueprint."),
                    Setting.of("min_votes", Kind.INT, 2, atLeast(1), "Judges that must answer (not abstain) for a quorum.")),
            MapSetting.of("budgets", Kind.INT, budgetDefaults(), atLeast(1),
                    "Attempts a task gets before it is dropped, per domain; 'default' for the others.").lowerCaseEnvNames(),
            MapSetting.of("domain_data", Kind.STRING, Map.of(), Rule.nonBlank(),
                    "A directory holding the database of built-in domain NAME in tau-bench's JSON layout (e.g. "
                            + "tau_bench/envs/retail/data); NAME runs on it instead of its generated database in every "
                            + "stage and the simulated model. Give every worker the same data. Relative to the working "
                            + "directory.").lowerCaseEnvNames().names(BUILT_IN_DOMAIN),
            Section.of("rollout", Rollout.class, "Phase 2: simulated user and agent.",
                    Setting.of("trials", Kind.INT, 3, atLeast(1), "Trials per blueprint before it counts as failed."),
                    Setting.of("max_agent_steps", Kind.INT, 30, atLeast(1), "Agent model calls per trial."),
                    Setting.of("best_of_n", Kind.INT, 1, between(1, 16),
                            "User reply candidates the judge picks from; 1 turns the stabilized user off.")),
            MapSetting.of("environments", Kind.STRING, Map.of(), ENVIRONMENT_URL,
                    "Remote domains: name (what seeds use) to the base URL of a server speaking the environment protocol "
                            + "(docs/environment-protocol.md); a name of a built-in domain replaces it. Flag: --environment NAME=URL.")
                            .lowerCaseEnvNames(),
            Section.of("environment_calls", EnvironmentCalls.class, "Requests to remote environments.",
                    Setting.of("timeout_ms", Kind.LONG, 30_000L, between(100L, 3_600_000L),
                            "The longest one request to an environment may take."),
                    Setting.of("retries", Kind.INT, 3, between(0, 20),
                            "Retries of a request that is safe to repeat (all but tool calls) after a timeout, 429 or 5xx; "
                                    + "then the unit of work waits and is redone.")),
            LlmSettings.SECTION,
            Section.of("cost", Cost.class, "Prices and the budget (see docs/costs.md).",
                    Setting.optional("max_usd", Kind.DOUBLE, Rule.checked("> 0", v -> {
                        if (!(v > 0)) {
                            throw new IllegalArgumentException(v + " is not > 0");
                        }
                    }), "Budget in US dollars (run/worker --max-cost): once the spend on the topics reaches it, model "
                            + "work not yet started ends as budget_exhausted dead letters (redrivable) and work in flight "
                            + "finishes. Needs a price for every model the roles use.").alias("APIGEN_MAX_COST"),
                    MapSetting.of("prices", ModelPrice.KIND, Map.of(), Rule.any(),
                            "US dollars per million tokens per model, keyed by the model name the roles use: "
                                    + "{input, cached_input, output}; cached_input defaults to input. No built-in "
                                    + "prices: an unpriced model is reported in tokens.")));

    /**
     * Defaults of single commands, above the declared ones and below the file: the one-process
     * commands use few partitions; bench's default concurrency is that of its published figures.
     */
    public static final Map<String, Map<String, Object>> COMMAND_DEFAULTS = Map.of(
            "run", Map.of("cluster.partitions", 8),
            "bench", Map.of("cluster.partitions", 8, "worker.concurrency", 64));

    /** The same configuration with other model endpoints (models discovered by preflight). */
    public PipelineConfig withLlm(LlmSettings endpoints) {
        return new PipelineConfig(cluster, worker, fanout, review, budgets, domainData, rollout, environments,
                environmentCalls, endpoints, cost);
    }

    /**
     * Attempts a task of {@code domain} gets before it is dropped: the {@code budgets} entry of the
     * domain, else what its environment declares, else the {@code default} entry.
     */
    public int attemptBudget(String domain, OptionalInt declared) {
        Integer b = budgets.get(domain);
        if (b != null) {
            return b;
        }
        return declared.isPresent() ? declared.getAsInt() : budgets.getOrDefault("default", 3);
    }

    public Topics topics() {
        return new Topics(cluster.topicPrefix());
    }

    private static Map<String, Integer> budgetDefaults() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("default", 3);
        m.put("retail", 3);
        m.put("airline", 5);
        return m;
    }

    private static boolean isSecretProperty(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(n::contains);
    }
}
