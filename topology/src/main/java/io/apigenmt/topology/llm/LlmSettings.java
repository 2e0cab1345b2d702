package io.apigenmt.topology.llm;

import static io.apigenmt.topology.config.Rule.atLeast;
import static io.apigenmt.topology.config.Rule.between;
import static io.apigenmt.topology.config.Rule.positive;

import io.apigenmt.topology.config.Default;
import io.apigenmt.topology.config.Kind;
import io.apigenmt.topology.config.ListSetting;
import io.apigenmt.topology.config.Node;
import io.apigenmt.topology.config.Rule;
import io.apigenmt.topology.config.Section;
import io.apigenmt.topology.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-role model endpoints: the {@code llm} section of the configuration, declared in
 * {@link #SECTION}.
 *
 * <pre>
 * llm:                          # the section's own endpoint keys: every role inherits them
 *   base-url: http://127.0.0.1:8000/v1
 *   api-key-env: OPENAI_API_KEY # or api-key-file: /run/secrets/llm-key (file wins)
 *   model: gpt-4o-mini          # optional; else each role's built-in sim-* name
 *   timeout: 120s               # 500ms, 30s, 2m, PT2M or plain seconds
 *   max-concurrency: 64         # default: worker.concurrency
 *   generator:  { model: qwen3-32b, temperature: 1.0 }
 *   reviewers:                  # the committee; one entry per judge
 *     - { model: judge-a }
 *     - { model: judge-b, base-url: http://other:8000/v1, api-key-env: OTHER_KEY }
 *   summarizer: { }
 *   user:       { model: gpt-4o }
 *   agent:      { }
 * </pre>
 * Keys are accepted in kebab-case, snake_case or camelCase. A role's key it does not set is the
 * section's; a role's model is, in order: its own, the section's, the built-in sim name
 * ({@code sim-generator}, {@code sim-judge-1..N}, {@code sim-summarizer}, {@code sim-user},
 * {@code sim-agent}: the simulated server picks its role from these). Without a
 * {@code reviewers} list the committee has three judges.
 *
 * @param defaults       the section's own endpoint keys (model may be null)
 * @param connectTimeout TCP connect timeout of the shared HTTP client
 */
public record LlmSettings(EndpointConfig defaults, EndpointConfig generator, List<EndpointConfig> reviewers,
                          EndpointConfig summarizer, EndpointConfig user, EndpointConfig agent,
                          Duration connectTimeout, Backoff backoff) {

    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1";
    public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    public static final int DEFAULT_COMMITTEE_SIZE = 3;

    /** Short environment variables of llm.base_url and llm.max_concurrency. */
    public static final String ENV_BASE_URL = "APIGEN_LLM_BASE_URL";
    public static final String ENV_CONCURRENCY = "APIGEN_LLM_CONCURRENCY";

    /** Retry delays: exponential from initial, capped at max, full jitter; Retry-After capped at maxRetryAfter. */
    public record Backoff(Duration backoffInitial, Duration backoffMax, Duration maxRetryAfter) {}

    public LlmSettings {
        reviewers = List.copyOf(reviewers);
    }

    /** The endpoint keys, declared once: as the section's own keys here, as every role's in {@link #role}. */
    private static final List<Setting<?>> ENDPOINT = List.of(
            Setting.of("base_url", Kind.STRING, DEFAULT_BASE_URL, Rule.checked("an http(s) URL without user-info",
                            Endpoints::validateBaseUrl),
                    "OpenAI-compatible base URL; /v1 is added to an empty path.").alias(ENV_BASE_URL).shownAs(Endpoints::shown),
            Setting.optional("model", Kind.STRING, Rule.nonBlank(),
                    "Model name sent in requests. None: each role's built-in sim-* name (the simulated model)."),
            Setting.of("api_key_env", Kind.STRING, DEFAULT_API_KEY_ENV, Rule.any(),
                    "Environment variable holding the API key, sent as a bearer token; none or unset: no key.").nullable(true),
            Setting.optional("api_key_file", Kind.STRING, Rule.any(), "File holding the API key; wins over api_key_env."),
            Setting.optional("temperature", Kind.DOUBLE, between(0.0, 2.0), "Sampling temperature. None: the server's default."),
            Setting.of("timeout", Kind.DURATION, Duration.ofSeconds(120), positive(),
                    "Budget of one HTTP attempt (also its read timeout)."),
            Setting.of("max_retries", Kind.INT, 4, between(0, 100), "Retries after the first attempt, for retryable failures."),
            Setting.of("max_concurrency", Kind.INT, 1, atLeast(1),
                            "Upper bound of the endpoint's adaptive limit of calls in flight (per worker process).")
                    .withDefault(new Default.Inherited<>("worker.concurrency", Default.none())).alias(ENV_CONCURRENCY),
            Setting.of("keep_reasoning", Kind.BOOLEAN, false, Rule.any(),
                    "Keep the role's chain of thought where its turns are recorded: the agent's on its messages of the"
                            + " trajectory, exported as reasoning_content in the openai and hf layouts. The other roles' answers"
                            + " become blueprints, verdicts and user turns, which never carry reasoning."));

    private static final Default<String> SIM_MODEL = new Default.Computed<>("sim-{role}", LlmSettings::simModel);

    public static final Section SECTION = Section.of("llm", LlmSettings.class,
            "Model endpoints per role. Setting any llm key makes run and bench use it instead of the simulated model.",
            Section.inline("defaults", EndpointConfig.class, ENDPOINT.toArray(Node[]::new)),
            Setting.of("connect_timeout", Kind.DURATION, Duration.ofSeconds(10), positive(),
                    "TCP connect timeout of the process's one HTTP client."),
            Section.inline("backoff", Backoff.class,
                    Setting.of("backoff_initial", Kind.DURATION, Duration.ofMillis(500), positive(),
                            "Bound of the first retry delay (exponential, full jitter)."),
                    Setting.of("backoff_max", Kind.DURATION, Duration.ofSeconds(20), positive(), "Largest retry delay."),
                    Setting.of("max_retry_after", Kind.DURATION, Duration.ofSeconds(60), positive(),
                            "Longest Retry-After (429/503) that is honoured.")),
            role("generator", "The blueprint generator (Phase 1)."),
            new ListSetting("reviewers", role("reviewer", ""), DEFAULT_COMMITTEE_SIZE, 1,
                    "The review committee: a list with one mapping of endpoint keys per judge."),
            role("summarizer", "Turns the committee's feedback into a revision request."),
            role("user", "The simulated human of a rollout (Phase 2)."),
            role("agent", "The agent of a rollout (Phase 2)."))
            .commentOut();

    /** Every configured endpoint, generator first then the committee, summarizer, user, agent. */
    public List<EndpointConfig> allRoles() {
        List<EndpointConfig> all = new ArrayList<>();
        all.add(generator);
        all.addAll(reviewers);
        all.add(summarizer);
        all.add(user);
        all.add(agent);
        return all;
    }

    /** A role's endpoint keys: each inherits the section's, the model falling back to the sim name. */
    @SuppressWarnings("unchecked")
    private static Section role(String name, String doc) {
        List<Node> keys = new ArrayList<>();
        for (Setting<?> key : ENDPOINT) {
            keys.add(key.name().equals("model") ? ((Setting<String>) key).withDefault(
                    new Default.Inherited<>("llm.model", SIM_MODEL)).nullable(false) : inherited(key));
        }
        return Section.of(name, EndpointConfig.class, doc, keys.toArray(Node[]::new));
    }

    private static <T> Setting<T> inherited(Setting<T> key) {
        return key.withoutAliases().withDefault(new Default.Inherited<>("llm." + key.name(), Default.none()));
    }

    /** llm.generator.model: sim-generator; llm.reviewers[1].model: sim-judge-2. */
    private static String simModel(String path) {
        String role = path.substring("llm.".length(), path.lastIndexOf('.'));
        if (role.startsWith("reviewers[")) {
            return "sim-judge-" + (Integer.parseInt(role.substring("reviewers[".length(), role.length() - 1)) + 1);
        }
        return "sim-" + role;
    }
}
