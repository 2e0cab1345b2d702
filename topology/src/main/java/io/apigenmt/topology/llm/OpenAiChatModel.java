package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Unavailable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} over an OpenAI-compatible {@code POST {base}/chat/completions}.
 *
 * <p>Asynchronous end to end: a call waits for a permit of its endpoint's {@link AdaptiveLimit}
 * as a future, is sent with OkHttp {@code enqueue}, and retries are scheduled on a
 * {@link ScheduledExecutorService}; no caller thread blocks. The permit is held for one HTTP
 * attempt only, until its response is read — not while the answer is decoded and the caller's
 * continuation runs, and never across a backoff wait, all of which would idle capacity the
 * endpoint has. A success reports the server's part of the latency to the limit
 * ({@link ExchangeTiming}).
 *
 * <p>Failure policy: connection errors, timeouts, 408, 409, 429, 5xx and garbled 2xx bodies
 * are retried up to {@code maxRetries} times (exponential backoff with full jitter, or the
 * server's Retry-After on 429/503); other 4xx fail at once. The returned future only ever
 * fails with {@link LlmException}. 429, 503 and timeouts tell the limiter to back off.
 *
 * <p>Accounting: each successful call reports TokenUsage with calls = 1 (failed attempts
 * carry no tokens and are counted as attempt failures in {@link LlmMetrics}).
 */
public final class OpenAiChatModel implements ChatModel {

    private static final Logger log = LoggerFactory.getLogger(OpenAiChatModel.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int ERROR_EXCERPT = 300;

    /**
     * The largest response body read from the model (bytes). A chat completion of a few thousand
     * tokens is tens of KB; anything past this is a broken or hostile endpoint, and reading it
     * whole would let one answer cost the worker its heap. Larger bodies fail as
     * {@link LlmException.Kind#MALFORMED} after reading at most this many bytes (plus one).
     */
    public static final long MAX_RESPONSE_BYTES = 512 * 1024;

    private final String role;
    private final EndpointConfig config;
    private final ApiKey apiKey;
    private final OkHttpClient http;
    private final AdaptiveLimit limit;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy retry;
    private final LlmMetrics metrics;
    private final Clock clock;
    private final OpenAiCodec codec;
    private final HttpUrl url;
    private final String endpoint;
    /** The endpoint's health; null when not tracked (a failure is then always the call's). */
    private final Dependency dependency;

    /**
     * @param role      label for metrics and messages ("generator", "reviewer-2", ...)
     * @param shared    the process's shared client (see {@link LlmHttpClients}); derived here
     *                  with this endpoint's timeouts, keeping its dispatcher and connection pool
     * @param limit     the endpoint's limiter, shared by every role on the same base URL
     * @param scheduler runs delayed retries
     * @param dependency the health of this model on this endpoint, shared by every role asking
     *                  for it; null: not tracked
     */
    public OpenAiChatModel(String role, EndpointConfig config, ApiKey apiKey, OkHttpClient shared, AdaptiveLimit limit,
                           ScheduledExecutorService scheduler, RetryPolicy retry, LlmMetrics metrics, Clock clock,
                           ObjectMapper mapper, Dependency dependency) {
        this.role = role;
        this.config = config;
        this.apiKey = apiKey;
        this.http = shared.newBuilder()
                .callTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .build();
        this.limit = limit;
        this.scheduler = scheduler;
        this.retry = retry;
        this.metrics = metrics;
        this.clock = clock;
        this.codec = new OpenAiCodec(mapper);
        this.url = Endpoints.chatCompletionsUrl(config.baseUrl());
        this.endpoint = Endpoints.display(url);
        this.dependency = dependency;
    }

    @Override
    public String model() {
        return config.model();
    }

    public String role() {
        return role;
    }

    /** Display form of the chat-completions URL (no query); safe to log. */
    public String endpoint() {
        return endpoint;
    }

    public AdaptiveLimit limit() {
        return limit;
    }

    @Override
    public Optional<Dependency> dependency() {
        return Optional.ofNullable(dependency);
    }

    @Override
    public CompletableFuture<ChatResponse> complete(ChatRequest request) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        byte[] body;
        try {
            body = codec.encodeRequest(config.model(), request, config.temperature());
        } catch (RuntimeException e) {
            result.completeExceptionally(new LlmException(LlmException.Kind.CLIENT_ERROR,
                    "cannot encode request for " + endpoint + ": " + e.getMessage(), endpoint, 0, TokenUsage.NONE, e));
            return result;
        }
        attempt(result, body, 0);
        return result;
    }

    private void attempt(CompletableFuture<ChatResponse> result, byte[] body, int retriesDone) {
        if (result.isDone()) {
            return; // cancelled by the caller while waiting for a retry
        }
        Optional<Unavailable> down = dependency == null ? Optional.empty() : dependency.unavailable();
        if (down.isPresent()) {
            // Nothing is sent to an endpoint a probe found down: the work waits for it instead.
            metrics.callFailed(role, config.model(), endpoint, LlmException.Kind.UNAVAILABLE);
            result.completeExceptionally(unavailable(down.get()));
            return;
        }
        limit.acquire().whenComplete((permit, error) -> {
            if (error != null) {
                result.completeExceptionally(LlmException.from(error));
            } else if (result.isDone()) {
                permit.ignored();
            } else {
                try {
                    send(result, body, retriesDone, permit);
                } catch (RuntimeException e) {
                    abort(result, permit, e);
                }
            }
        });
    }

    private void send(CompletableFuture<ChatResponse> result, byte[] body, int retriesDone, AdaptiveLimit.Permit permit) {
        ExchangeTiming timing = new ExchangeTiming();
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
                .header("Accept", "application/json").tag(ExchangeTiming.class, timing);
        apiKey.bearerHeader().ifPresent(h -> rb.header("Authorization", h));
        long start = System.nanoTime();
        Call call;
        try {
            call = http.newCall(rb.build());
        } catch (RuntimeException e) {
            permit.ignored();
            result.completeExceptionally(LlmException.from(e));
            return;
        }
        // A caller that cancels the returned future (task closed or migrated) frees the connection.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                try {
                    onIoFailure(result, body, retriesDone, permit, e);
                } catch (RuntimeException bug) {
                    abort(result, permit, bug);
                }
            }

            @Override
            public void onResponse(Call c, Response response) {
                try {
                    handle(result, body, retriesDone, permit, start, timing, response);
                } catch (RuntimeException bug) {
                    abort(result, permit, bug);
                }
            }
        });
    }

    /**
     * Last line of defence: an unexpected exception on an HTTP thread would otherwise leave the
     * future incomplete forever and leak the permit.
     */
    private void abort(CompletableFuture<ChatResponse> result, AdaptiveLimit.Permit permit, RuntimeException bug) {
        permit.ignored();
        log.warn("LLM {} call to {} aborted by an unexpected {}", role, endpoint, bug.getClass().getName());
        result.completeExceptionally(LlmException.from(bug));
    }

    private void onIoFailure(CompletableFuture<ChatResponse> result, byte[] body, int retriesDone,
                             AdaptiveLimit.Permit permit, IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        if (timeout) {
            permit.dropped();
        } else {
            permit.ignored();
        }
        LlmException.Kind kind = timeout ? LlmException.Kind.TIMEOUT : LlmException.Kind.TRANSPORT;
        String what = timeout ? "timed out after " + config.timeout().toMillis() + " ms" : "failed: " + describe(e);
        failed(result, body, retriesDone, new LlmException(kind, "call to " + endpoint + " (model " + config.model()
                + ") " + what, endpoint, 0, TokenUsage.NONE, sanitized(e)), null);
    }

    private void handle(CompletableFuture<ChatResponse> result, byte[] body, int retriesDone, AdaptiveLimit.Permit permit,
                        long start, ExchangeTiming timing, Response response) {
        int status = response.code();
        String text;
        try (response) {
            text = readCapped(response);
        } catch (ResponseTooLargeException e) {
            permit.ignored();
            failed(result, body, retriesDone, new LlmException(LlmException.Kind.MALFORMED, "response from " + endpoint
                    + " (model " + config.model() + ", HTTP " + status + ") is larger than the " + MAX_RESPONSE_BYTES
                    + "-byte limit; not read further", endpoint, status, TokenUsage.NONE, null), null);
            return;
        } catch (IOException e) {
            // Headers arrived but the body broke off (truncated, reset, or the call timeout hit).
            boolean timeout = e instanceof InterruptedIOException;
            if (timeout) {
                permit.dropped();
            } else {
                permit.ignored();
            }
            failed(result, body, retriesDone, new LlmException(timeout ? LlmException.Kind.TIMEOUT : LlmException.Kind.TRANSPORT,
                    "reading the response of " + endpoint + " (model " + config.model() + ", HTTP " + status + ") failed: "
                            + describe(e), endpoint, status, TokenUsage.NONE, sanitized(e)), null);
            return;
        }
        long latency = System.nanoTime() - start;
        if (status >= 200 && status < 300) {
            // The server is done with it: the permit goes back before decoding, and the limit hears
            // only the server's part of the latency (the whole call when the events are missing).
            long serverLatency = timing.serverNanos();
            permit.success(serverLatency >= 0 ? serverLatency : latency);
            if (dependency != null) {
                dependency.answered(start);
            }
            if (serverLatency >= 0) {
                metrics.serverLatency(role, config.model(), Duration.ofNanos(serverLatency));
            }
            ChatResponse parsed;
            try {
                parsed = codec.decodeResponse(text, config.model());
            } catch (OpenAiCodec.MalformedBodyException e) {
                failed(result, body, retriesDone, new LlmException(LlmException.Kind.MALFORMED, "malformed response from "
                        + endpoint + " (model " + config.model() + "): " + apiKey.scrub(e.getMessage()), endpoint, status,
                        e.usage(), null), null);
                return;
            }
            metrics.callSucceeded(role, config.model(), endpoint, Duration.ofNanos(latency), parsed.usage());
            result.complete(parsed);
            return;
        }
        LlmException.Kind kind = classify(status);
        if (status == 429 || status == 503) {
            permit.dropped();
        } else {
            permit.ignored();
        }
        Duration retryAfter = null;
        if (status == 429 || status == 503) {
            retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), clock.instant()).orElse(null);
        }
        failed(result, body, retriesDone, new LlmException(kind, httpMessage(status, text), endpoint, status,
                TokenUsage.NONE, null), retryAfter);
    }

    /**
     * The body as UTF-8 text, reading at most {@link #MAX_RESPONSE_BYTES} + 1 bytes from the
     * socket: never buffers an oversized body (whatever its Content-Length claims or omits).
     */
    static String readCapped(Response response) throws IOException {
        okhttp3.ResponseBody rb = response.body();
        long declared = rb.contentLength();
        if (declared > MAX_RESPONSE_BYTES) {
            throw new ResponseTooLargeException();
        }
        okio.BufferedSource source = rb.source();
        if (source.request(MAX_RESPONSE_BYTES + 1)) {
            throw new ResponseTooLargeException();
        }
        return source.getBuffer().readUtf8();
    }

    /** The body is over {@link #MAX_RESPONSE_BYTES}. */
    private static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseTooLargeException() {
            super("response body over " + MAX_RESPONSE_BYTES + " bytes");
        }
    }

    static LlmException.Kind classify(int status) {
        if (status == 429) {
            return LlmException.Kind.RATE_LIMITED;
        }
        if (status == 408) {
            return LlmException.Kind.TIMEOUT;
        }
        if (status == 409 || status >= 500) {
            return LlmException.Kind.SERVER_ERROR;
        }
        return LlmException.Kind.CLIENT_ERROR;
    }

    private String httpMessage(int status, String body) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status).append(" from ").append(endpoint)
                .append(" (role ").append(role).append(", model ").append(config.model()).append(")");
        if (status == 401 || status == 403) {
            // Servers quote (part of) the rejected key in 401/403 bodies; say where it came from instead.
            sb.append(": the API key was rejected (").append(apiKey.hint(config.apiKeyEnv())).append(")");
        } else {
            if (status == 404) {
                sb.append(": check the base URL and the model name");
            }
            String detail = OpenAiCodec.truncate(apiKey.scrub(codec.errorMessage(body)), ERROR_EXCERPT);
            if (!detail.isEmpty()) {
                sb.append(status == 404 ? " (" + detail + ")" : ": " + detail);
            }
        }
        return sb.toString();
    }

    private void failed(CompletableFuture<ChatResponse> result, byte[] body, int retriesDone, LlmException error,
                        Duration retryAfter) {
        boolean willRetry = error.retryable() && retriesDone < retry.maxRetries() && !result.isDone();
        metrics.attemptFailed(role, config.model(), endpoint, error.kind(), willRetry);
        if (!willRetry) {
            LlmException finalError = retriesDone == 0 ? error : new LlmException(error.kind(),
                    error.getMessage() + " (after " + (retriesDone + 1) + " attempts)", endpoint, error.status(),
                    error.usage(), error.getCause());
            if (dependency == null) {
                metrics.callFailed(role, config.model(), endpoint, error.kind());
                result.completeExceptionally(finalError);
                return;
            }
            // Was it this call, or the endpoint? The endpoint's health decides (a probe, unless
            // a call sent after this failure has already succeeded).
            dependency.check(System.nanoTime()).thenAccept(problem -> {
                if (problem.isPresent()) {
                    metrics.callFailed(role, config.model(), endpoint, LlmException.Kind.UNAVAILABLE);
                    result.completeExceptionally(unavailable(new Unavailable(dependency, problem.get())));
                } else {
                    metrics.callFailed(role, config.model(), endpoint, error.kind());
                    result.completeExceptionally(finalError);
                }
            });
            return;
        }
        Duration delay = retryAfter != null
                ? retry.afterServerHint(retryAfter, ThreadLocalRandom.current())
                : retry.backoff(retriesDone, ThreadLocalRandom.current());
        log.debug("LLM {} attempt {} failed ({}): {}; retrying in {} ms", role, retriesDone + 1, error.kind(),
                error.getMessage(), delay.toMillis());
        try {
            scheduler.schedule(() -> attempt(result, body, retriesDone + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            metrics.callFailed(role, config.model(), endpoint, error.kind());
            result.completeExceptionally(new LlmException(error.kind(), error.getMessage()
                    + " (not retried: the LLM client is shutting down)", endpoint, error.status(), TokenUsage.NONE, error));
        }
    }

    private LlmException unavailable(Unavailable down) {
        return new LlmException(LlmException.Kind.UNAVAILABLE, "role " + role + ": " + down.getMessage(), endpoint, 0,
                TokenUsage.NONE, down);
    }

    private String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + OpenAiCodec.truncate(apiKey.scrub(msg), 200));
    }

    /**
     * The cause we attach: the I/O exception as is, unless its text could hold the key (it
     * never should — the key travels only in a header — but a scrubbed copy costs nothing).
     */
    private Throwable sanitized(IOException e) {
        String msg = e.getMessage();
        if (msg != null && !msg.equals(apiKey.scrub(msg))) {
            IOException copy = new IOException(apiKey.scrub(msg));
            copy.setStackTrace(e.getStackTrace());
            return copy;
        }
        return e;
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[role=" + role + ", model=" + config.model() + ", endpoint=" + endpoint + ", key="
                + apiKey + "]";
    }
}
