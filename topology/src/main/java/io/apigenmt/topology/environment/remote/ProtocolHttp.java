package io.apigenmt.topology.environment.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.environment.EnvironmentUnavailable;
import io.apigenmt.topology.environment.ProtocolViolation;
import io.apigenmt.topology.environment.protocol.MalformedMessage;
import io.apigenmt.topology.environment.protocol.ProtocolJson;
import io.apigenmt.topology.llm.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
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

/**
 * HTTP to one environment: OkHttp's asynchronous calls (no caller thread waits), a time limit per
 * attempt, retries with backoff of what is safe to repeat, and the protocol's answers mapped to
 * outcomes:
 * <ul>
 *   <li>2xx: the body, which must be a JSON object (an empty body only for DELETE);</li>
 *   <li>no connection, no answer in time, 429, 502, 503, 504, or a 404 for an episode:
 *       {@link EnvironmentUnavailable} once the retries are spent (a tool call is not retried
 *       once it may have reached the server: the unit is redone on a fresh episode instead);</li>
 *   <li>anything else (a body that is not the protocol's, another 4xx, a 500 that persists):
 *       {@link ProtocolViolation}, naming the request and what was wrong.</li>
 * </ul>
 */
final class ProtocolHttp {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A describe or state answer of a large domain is well under this; more is a broken server. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final int EXCERPT = 300;

    private final String environment;
    private final HttpUrl base;
    /** The base URL as messages show it. */
    private final String location;
    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy retry;
    private final ProtocolJson json;
    private final Clock clock;

    ProtocolHttp(String environment, HttpUrl base, OkHttpClient http, ScheduledExecutorService scheduler, RetryPolicy retry,
                 ProtocolJson json, Clock clock) {
        this.environment = environment;
        this.base = base;
        this.location = location(base);
        this.http = http;
        this.scheduler = scheduler;
        this.retry = retry;
        this.json = json;
        this.clock = clock;
    }

    /** The answer's JSON object; null for an empty 2xx answer to a DELETE. */
    CompletableFuture<ObjectNode> send(Exchange exchange) {
        CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        attempt(exchange, result, 0);
        return result;
    }

    private void attempt(Exchange exchange, CompletableFuture<ObjectNode> result, int retriesDone) {
        HttpUrl.Builder url = base.newBuilder();
        exchange.segments().forEach(url::addPathSegment);
        Request.Builder request = new Request.Builder().url(url.build()).header("Accept", "application/json");
        RequestBody body = exchange.body() == null ? null : RequestBody.create(json.write(exchange.body()), JSON);
        if (body != null && !exchange.repeatable()) {
            body = new OneShot(body);
        }
        request.method(exchange.method(), body);
        Call call;
        try {
            call = http.newCall(request.build());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                try {
                    failed(exchange, result, retriesDone, e);
                } catch (RuntimeException bug) {
                    result.completeExceptionally(bug);
                }
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    answered(exchange, result, retriesDone, response);
                } catch (RuntimeException bug) {
                    result.completeExceptionally(bug);
                }
            }
        });
    }

    private void failed(Exchange exchange, CompletableFuture<ObjectNode> result, int retriesDone, IOException e) {
        boolean unsent = e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
        String what = e instanceof InterruptedIOException ? "no answer within the time limit"
                : unsent ? "cannot connect (" + message(e) + ")" : "the connection failed (" + message(e) + ")";
        if ((exchange.repeatable() || unsent) && retryLater(exchange, result, retriesDone, null)) {
            return;
        }
        result.completeExceptionally(unavailable(exchange, what, e));
    }

    private void answered(Exchange exchange, CompletableFuture<ObjectNode> result, int retriesDone, Response response) {
        int status = response.code();
        String text;
        try {
            text = readCapped(response);
        } catch (TooLarge e) {
            result.completeExceptionally(violation(exchange, "answered HTTP " + status + " with " + e.getMessage()));
            return;
        } catch (IOException e) {
            failed(exchange, result, retriesDone, e);
            return;
        }
        if (status >= 200 && status < 300) {
            if (text.isBlank() && exchange.method().equals("DELETE")) {
                result.complete(null);
                return;
            }
            try {
                result.complete(json.object(text));
            } catch (MalformedMessage m) {
                result.completeExceptionally(violation(exchange, m.getMessage()));
            }
            return;
        }
        String detail = "HTTP " + status + excerpt(json.errorMessage(text));
        if (status == 404 && exchange.onEpisode()) {
            result.completeExceptionally(unavailable(exchange, "the episode is gone (" + detail
                    + "): it expired or the environment restarted", null));
            return;
        }
        boolean busy = status == 429 || status == 502 || status == 503 || status == 504;
        if (busy || status >= 500) {
            Duration hint = status == 429 || status == 503
                    ? RetryPolicy.parseRetryAfter(response.header("Retry-After"), clock.instant()).orElse(null) : null;
            if (exchange.repeatable() && retryLater(exchange, result, retriesDone, hint)) {
                return;
            }
            if (busy) {
                result.completeExceptionally(unavailable(exchange, detail, null));
                return;
            }
        }
        String hint = status == 404 ? " (is " + location + " the environment's base URL?)" : "";
        result.completeExceptionally(violation(exchange, "answered " + detail + hint));
    }

    /** Schedules the next attempt if the budget allows; false when it is spent. */
    private boolean retryLater(Exchange exchange, CompletableFuture<ObjectNode> result, int retriesDone, Duration hint) {
        if (retriesDone >= retry.maxRetries()) {
            return false;
        }
        Duration delay = hint != null ? retry.afterServerHint(hint, ThreadLocalRandom.current())
                : retry.backoff(retriesDone, ThreadLocalRandom.current());
        try {
            scheduler.schedule(() -> attempt(exchange, result, retriesDone + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    private EnvironmentUnavailable unavailable(Exchange exchange, String what, Throwable cause) {
        return new EnvironmentUnavailable(environment, "environment '" + environment + "' at " + location + ": "
                + exchange.label() + ": " + what, cause);
    }

    private ProtocolViolation violation(Exchange exchange, String what) {
        return violation(exchange.label(), what);
    }

    /** The environment broke the protocol in its answer to {@code label}: the message names both. */
    ProtocolViolation violation(String label, String what) {
        return new ProtocolViolation(environment, "environment '" + environment + "' at " + location
                + " broke the environment protocol: " + label + ": " + what);
    }

    /** A base URL as messages show it: without the trailing slash. */
    static String location(HttpUrl base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * A body OkHttp must not send twice: it then repeats a request only when it never started
     * sending it (a stale pooled connection), never after (a tool call might run twice).
     */
    private static final class OneShot extends RequestBody {
        private final RequestBody body;

        OneShot(RequestBody body) {
            this.body = body;
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() throws IOException {
            return body.contentLength();
        }

        @Override
        public void writeTo(okio.BufferedSink sink) throws IOException {
            body.writeTo(sink);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }

    /** Reads at most {@link #MAX_BODY_BYTES} + 1 bytes, whatever Content-Length claims. */
    private static String readCapped(Response response) throws IOException {
        okhttp3.ResponseBody rb = response.body();
        if (rb.contentLength() > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        okio.BufferedSource source = rb.source();
        if (source.request(MAX_BODY_BYTES + 1)) {
            throw new TooLarge();
        }
        return source.getBuffer().readUtf8();
    }

    /** An answer over {@link #MAX_BODY_BYTES}: not read further. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("a body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    private static String excerpt(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String m = message.strip();
        return ": " + (m.length() <= EXCERPT ? m : m.substring(0, EXCERPT) + "...");
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
