package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.health.Problem.Reason;
import io.apigenmt.topology.health.Problem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The two questions preflight and the outage probe ask one OpenAI-compatible endpoint: which
 * models do you serve ({@code GET {base}/models}), and do you answer model M (one tiny chat
 * call, no tools, no token limit — parameters some servers refuse)? Answers are
 * {@link Problem}s whose messages say what happened without naming the endpoint (the caller
 * prefixes role or model and address), never quote a key, and quote no server text on 401/403.
 *
 * <p>Asynchronous (OkHttp {@code enqueue}): the probe runs on the LLM scheduler's one thread.
 */
final class EndpointCheck {

    /** The longest a check waits for one answer, whatever the role's own timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final String PING = "Reply with the single word OK.";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int DETAIL = 200;
    private static final int LISTED_SHOWN = 10;

    /**
     * What {@code GET /models} said.
     *
     * @param ids     the model ids listed; null when the endpoint does not list them (404, not a list)
     * @param problem why the endpoint is unusable (unreachable, key refused, 5xx); null when it answered
     */
    record Listing(List<String> ids, Problem problem) {

        boolean listed() {
            return ids != null;
        }

        /**
         * Whether {@code model} is listed, or covered by a listed prefix the way sim-llm routes
         * roles ({@code sim-judge} serves {@code sim-judge-2}).
         */
        boolean serves(String model) {
            return ids != null && ids.stream().anyMatch(id -> model.equals(id) || model.startsWith(id + "-"));
        }

        /** "; served: a, b" (the first ten), or "; it lists no model", or nothing when it does not list them. */
        String served() {
            if (ids == null) {
                return "";
            }
            if (ids.isEmpty()) {
                return "; it lists no model";
            }
            List<String> shown = ids.size() <= LISTED_SHOWN ? ids : ids.subList(0, LISTED_SHOWN);
            return "; served: " + String.join(", ", shown) + (ids.size() > shown.size()
                    ? " (and " + (ids.size() - shown.size()) + " more)" : "");
        }
    }

    private final HttpUrl base;
    private final String display;
    private final ApiKey key;
    private final String apiKeyEnv;
    private final OkHttpClient http;
    private final Duration wait;
    private final ObjectMapper json;
    private final OpenAiCodec codec;

    /**
     * @param config the endpoint (base URL and where its key lives); its timeout caps the wait
     *               at {@link #MAX_WAIT}
     */
    EndpointCheck(EndpointConfig config, ApiKey key, OkHttpClient shared, ObjectMapper json) {
        this.base = HttpUrl.get(Endpoints.key(config.baseUrl()));
        this.display = Endpoints.display(base);
        this.key = key;
        this.apiKeyEnv = config.apiKeyEnv();
        this.wait = config.timeout().compareTo(MAX_WAIT) > 0 ? MAX_WAIT : config.timeout();
        this.http = shared.newBuilder().callTimeout(wait).readTimeout(wait).build();
        this.json = json;
        this.codec = new OpenAiCodec(json);
    }

    /** The base URL as messages show it. */
    String display() {
        return display;
    }

    CompletableFuture<Listing> models() {
        Request.Builder request = new Request.Builder().url(base.newBuilder().addPathSegment("models").build()).get()
                .header("Accept", "application/json");
        return send(request).thenApply(answer -> {
            if (answer.problem() != null) {
                return new Listing(null, answer.problem());
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                return new Listing(modelIds(answer.body()), null);
            }
            Optional<Problem> refused = refusedKey(status, "");
            if (refused.isPresent()) {
                return new Listing(null, refused.get());
            }
            if (status == 429) {
                return new Listing(null, new Problem(Reason.RATE_LIMITED, "GET /models answered 429 (rate limited)"));
            }
            if (status >= 500 && status != 501) {
                return new Listing(null, new Problem(Reason.SERVER_ERROR, "GET /models answered HTTP " + status + detail(answer.body())));
            }
            return new Listing(null, null); // 404, 405, 501...: it does not list models; the test call decides
        });
    }

    /** One tiny chat call for {@code model}; {@code listing} words the message when it is not served. */
    CompletableFuture<Optional<Problem>> ping(String model, Listing listing) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", PING);
        Request.Builder request = new Request.Builder().url(Endpoints.chatCompletionsUrl(base.toString()))
                .post(RequestBody.create(body.toString(), JSON)).header("Accept", "application/json");
        return send(request).thenApply(answer -> {
            if (answer.problem() != null) {
                return Optional.of(answer.problem());
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                return isCompletion(answer.body()) ? Optional.empty() : Optional.of(new Problem(Reason.BAD_RESPONSE,
                        "model '" + model + "' answered HTTP " + status + " with something that is not a chat completion"));
            }
            Optional<Problem> refused = refusedKey(status, " to use model '" + model + "'");
            if (refused.isPresent()) {
                return refused;
            }
            boolean unknown = status == 404 || ((status == 400 || status == 422) && listing.listed() && !listing.serves(model));
            if (unknown) {
                return Optional.of(new Problem(Reason.NOT_FOUND, "model '" + model + "' not served" + listing.served()));
            }
            Reason reason = status == 429 ? Reason.RATE_LIMITED : status == 408 ? Reason.TIMEOUT
                    : status >= 500 ? Reason.SERVER_ERROR : Reason.BAD_RESPONSE;
            return Optional.of(new Problem(reason, "model '" + model + "' answered a test call with HTTP " + status
                    + detail(answer.body())));
        });
    }

    /** What the outage probe asks: the list (reachable, key accepted), then model {@code model} answers. */
    CompletableFuture<Optional<Problem>> probe(String model) {
        return models().thenCompose(listing -> listing.problem() != null
                ? CompletableFuture.completedFuture(Optional.of(listing.problem()))
                : ping(model, listing));
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** An HTTP answer (status and body) or, without one, the problem. */
    private record Answer(int status, String body, Problem problem) {}

    private CompletableFuture<Answer> send(Request.Builder request) {
        key.bearerHeader().ifPresent(h -> request.header("Authorization", h));
        CompletableFuture<Answer> result = new CompletableFuture<>();
        Call call;
        try {
            call = http.newCall(request.build());
        } catch (RuntimeException e) {
            result.complete(new Answer(0, "", new Problem(Reason.UNREACHABLE, "cannot send a request: " + e.getMessage())));
            return result;
        }
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.complete(new Answer(0, "", transportProblem(e)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    result.complete(new Answer(response.code(), OpenAiChatModel.readCapped(response), null));
                } catch (IOException e) {
                    result.complete(new Answer(0, "", transportProblem(e)));
                } catch (RuntimeException e) {
                    result.complete(new Answer(0, "", new Problem(Reason.BAD_RESPONSE, "unreadable answer: " + e.getMessage())));
                }
            }
        });
        return result;
    }

    private Problem transportProblem(IOException e) {
        if (e instanceof UnknownHostException) {
            return new Problem(Reason.UNREACHABLE, "unknown host '" + base.host() + "'");
        }
        if (e instanceof SSLException) {
            return new Problem(Reason.UNREACHABLE, "TLS failed: " + clean(e.getMessage()));
        }
        if (e instanceof InterruptedIOException) {
            return new Problem(Reason.TIMEOUT, "no answer within " + wait.toSeconds() + " s");
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("refused")) {
                return new Problem(Reason.UNREACHABLE, "connection refused");
            }
        }
        if (e instanceof java.net.ConnectException) {
            return new Problem(Reason.UNREACHABLE, "cannot connect: " + clean(e.getMessage()));
        }
        return new Problem(Reason.UNREACHABLE, "connection failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + clean(e.getMessage())));
    }

    /** 401/403, worded without the server's text (it may quote the key). */
    private Optional<Problem> refusedKey(int status, String what) {
        if (status == 401) {
            return Optional.of(new Problem(Reason.UNAUTHORIZED, "401 invalid API key (" + key.hint(apiKeyEnv) + ")"));
        }
        if (status == 403) {
            return Optional.of(new Problem(Reason.UNAUTHORIZED, "403 the API key is not allowed" + what + " ("
                    + key.hint(apiKeyEnv) + ")"));
        }
        return Optional.empty();
    }

    private String detail(String body) {
        String text = clean(codec.errorMessage(body));
        return text.isEmpty() ? "" : ": " + text;
    }

    private String clean(String text) {
        return OpenAiCodec.truncate(key.scrub(text), DETAIL);
    }

    /** Ids of an OpenAI model list ({"data":[{"id":...}]}), or of a bare list; null when it is neither. */
    private List<String> modelIds(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        JsonNode data = root == null ? null : root.isArray() ? root : root.path("data");
        if (data == null || !data.isArray()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode model : data) {
            String id = model.isTextual() ? model.asText() : model.path("id").asText("");
            if (!id.isBlank()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private boolean isCompletion(String body) {
        try {
            JsonNode root = json.readTree(body);
            return root != null && root.path("choices").isArray() && !root.path("choices").isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
