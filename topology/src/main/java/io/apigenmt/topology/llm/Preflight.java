package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.health.Problem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Checks every configured model endpoint before any work is taken: reachable, key accepted,
 * model served ({@code GET {base}/models}, then one tiny chat call per model). Roles sharing an
 * endpoint (base URL and key) are checked once, each distinct model on it once. Every problem
 * becomes one line naming the roles and the address:
 * <pre>
 * every role at http://127.0.0.1:9/v1: connection refused
 * generator at http://vllm:8000/v1: 401 invalid API key (the key from env OPENAI_API_KEY)
 * reviewer-2 at http://vllm:8000/v1: model 'judge-x' not served; served: qwen3-32b, llama-3.1-8b
 * every role at http://vllm:8000/v1: no model configured; served: a, b; set --model or llm.model
 * </pre>
 *
 * <p><b>Model discovery.</b> With no model configured for any role, every role asks for its
 * simulator name (sim-generator, sim-judge-N, ...). An endpoint that lists those (sim-llm)
 * keeps them; one that lists exactly one other model gives it to every role on it, and a note
 * says so; one that lists several gets the "no model configured" line.
 */
public final class Preflight {

    /** Generous bound of the whole check: each request is bounded by its own timeouts first. */
    private static final long OVERALL_SECONDS = 180;
    /** Tries of a check that fails transiently, 200 ms, 400 ms, 800 ms apart. */
    private static final int ATTEMPTS = 4;
    private static final long RETRY_DELAY_MILLIS = 200;
    private static final Set<Problem.Reason> TRANSIENT = EnumSet.of(Problem.Reason.SERVER_ERROR, Problem.Reason.RATE_LIMITED,
            Problem.Reason.BAD_RESPONSE);

    /**
     * @param settings the settings to run with: the input's, with discovered models
     * @param notes    what discovery decided, for the console
     * @param problems one line per problem; empty when every endpoint passed
     */
    public record Result(LlmSettings settings, List<String> notes, List<String> problems) {
        public Result {
            notes = List.copyOf(notes);
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** Roles that share one endpoint (base URL and key): checked together. */
    private record Group(EndpointConfig config, List<String> roles) {}

    private final LlmSettings settings;
    private final Set<String> checked;
    private final Function<String, String> env;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> models = new LinkedHashMap<>();

    private Preflight(LlmSettings settings, Set<String> roles, Function<String, String> env) {
        this.settings = settings;
        this.checked = Set.copyOf(roles);
        this.env = env;
        settings.byRole().forEach((role, config) -> models.put(role, config.model()));
    }

    /**
     * Runs the checks (blocking, a few seconds; bounded by the connect timeout and
     * {@link EndpointCheck#MAX_WAIT} per request).
     *
     * @param env where API keys named in the settings are read
     */
    public static Result run(LlmSettings settings, Function<String, String> env) throws InterruptedException {
        return run(settings, settings.byRole().keySet(), env);
    }

    /**
     * Checks the endpoints of {@code roles} only ({@link LlmSettings#byRole()} labels): those a
     * worker's stages call.
     */
    public static Result run(LlmSettings settings, Set<String> roles, Function<String, String> env)
            throws InterruptedException {
        return new Preflight(settings, roles, env).check();
    }

    private Result check() throws InterruptedException {
        OkHttpClient http = LlmHttpClients.create(settings.connectTimeout());
        try {
            List<CompletableFuture<Void>> endpoints = new ArrayList<>();
            for (Group group : groups()) {
                ApiKey key;
                try {
                    key = ApiKey.resolve(group.config().apiKeyEnv(), group.config().apiKeyFile(), env);
                } catch (IllegalStateException e) {
                    problem(group.roles(), Endpoints.key(group.config().baseUrl()), e.getMessage());
                    continue;
                }
                EndpointCheck endpoint = new EndpointCheck(group.config(), key, http, json);
                endpoints.add(retried(endpoint::models, EndpointCheck.Listing::problem, 1)
                        .thenCompose(listing -> models(group, endpoint, listing)));
            }
            CompletableFuture.allOf(endpoints.toArray(CompletableFuture[]::new)).get(OVERALL_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preflight failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            synchronized (this) {
                problems.add("the model endpoints did not all answer within " + OVERALL_SECONDS + " s");
            }
        } finally {
            LlmHttpClients.shutdown(http);
        }
        synchronized (this) {
            return new Result(settings.withModels(models), notes, problems);
        }
    }

    private List<Group> groups() {
        Map<String, Group> groups = new LinkedHashMap<>();
        settings.byRole().entrySet().stream().filter(e -> checked.contains(e.getKey())).forEach(e -> groups
                .computeIfAbsent(e.getValue().endpointKey() + "\u0000" + e.getValue().apiKeyEnv() + "\u0000"
                        + e.getValue().apiKeyFile(), k -> new Group(e.getValue(), new ArrayList<>()))
                .roles().add(e.getKey()));
        return List.copyOf(groups.values());
    }

    /** Decides each role's model on this endpoint from its listing, then sends one test call per model. */
    private CompletableFuture<Void> models(Group group, EndpointCheck endpoint, EndpointCheck.Listing listing) {
        if (listing.problem() != null) {
            problem(group.roles(), endpoint.display(), listing.problem().message());
            return CompletableFuture.completedFuture(null);
        }
        List<String> unconfigured = group.roles().stream().filter(this::unconfigured).toList();
        List<String> testing = new ArrayList<>(group.roles());
        // A server listing simulator names is a simulator: its test calls say which role it lacks.
        if (!unconfigured.isEmpty() && unconfigured.stream().noneMatch(r -> listing.serves(LlmSettings.simModelOf(r)))) {
            if (nothingConfigured() && listing.listed() && listing.ids().size() == 1) {
                String only = listing.ids().get(0);
                synchronized (this) {
                    group.roles().forEach(r -> models.put(r, only));
                    notes.add("no model configured: using '" + only + "', the one model " + endpoint.display()
                            + " serves, for " + label(group.roles()));
                }
            } else if (listing.listed()) {
                problem(unconfigured, endpoint.display(), "no model configured" + listing.served() + "; set "
                        + (nothingConfigured() ? "--model or llm.model" : "llm.model or the role's own model"));
                testing.removeAll(unconfigured);
            }
        }
        Map<String, List<String>> rolesByModel = new LinkedHashMap<>();
        synchronized (this) {
            testing.forEach(r -> rolesByModel.computeIfAbsent(models.get(r), m -> new ArrayList<>()).add(r));
        }
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        rolesByModel.forEach((model, roles) -> pings.add(retried(() -> endpoint.ping(model, listing), p -> p.orElse(null), 1)
                .thenAccept(problem -> problem.ifPresent(p -> problem(roles, endpoint.display(), p.message() + hint(roles, p))))));
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
    }

    /**
     * The check again while it fails in a way that may pass on the next try (5xx, 429, a garbled
     * answer), as the client retries calls: one unlucky answer must not stop a run.
     */
    private static <T> CompletableFuture<T> retried(Supplier<CompletableFuture<T>> check, Function<T, Problem> problemOf,
                                                    int attempt) {
        return check.get().thenCompose(answer -> {
            Problem problem = problemOf.apply(answer);
            boolean again = problem != null && attempt < ATTEMPTS && TRANSIENT.contains(problem.reason());
            if (!again) {
                return CompletableFuture.completedFuture(answer);
            }
            Executor later = CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS << (attempt - 1), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> retried(check, problemOf, attempt + 1));
        });
    }

    /** A model the server does not know, asked for only because nothing was configured: say what to set. */
    private String hint(List<String> roles, Problem problem) {
        boolean defaulted = roles.stream().allMatch(this::unconfigured);
        return problem.reason() == Problem.Reason.NOT_FOUND && defaulted
                ? " (no model is configured, and this is the simulator's name); set --model or llm.model" : "";
    }

    private boolean unconfigured(String role) {
        return settings.byRole().get(role).model().equals(LlmSettings.simModelOf(role));
    }

    private boolean nothingConfigured() {
        return settings.byRole().keySet().stream().allMatch(this::unconfigured);
    }

    private synchronized void problem(List<String> roles, String endpoint, String what) {
        problems.add(label(roles) + " at " + endpoint + ": " + what);
    }

    /** "every role", or the roles, e.g. "generator, reviewer-1, summarizer". */
    private String label(List<String> roles) {
        return roles.size() == settings.byRole().size() ? "every role" : String.join(", ", roles);
    }
}
