package io.apigenmt.topology.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Creates the one OkHttpClient a process shares for model calls. OkHttp's defaults silently cap
 * concurrency at 64 requests in total and 5 per host (PLATFORM-NOTES.md): both are raised far
 * above any configured {@code --concurrency}, because the {@link AdaptiveLimit} per endpoint is
 * the real bound and a second, hidden one would make its numbers lie. The connection pool keeps
 * as many idle connections as calls we may have in flight, so a burst does not reconnect.
 * Per-endpoint timeouts are applied by {@link OpenAiChatModel} through {@code newBuilder()},
 * which shares this client's dispatcher and pool.
 */
public final class LlmHttpClients {

    /** Above any sensible --concurrency; the adaptive limits are the effective bound. */
    public static final int MAX_REQUESTS = 4096;
    private static final int MAX_IDLE_CONNECTIONS = 2048;

    private LlmHttpClients() {
    }

    public static OkHttpClient create(Duration connectTimeout) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .connectTimeout(connectTimeout)
                // What the adaptive limits judge an endpoint by: request written to response headers read.
                .eventListener(ExchangeTiming.LISTENER)
                // Overridden per endpoint; these only apply to a client used as is.
                .readTimeout(Duration.ofMinutes(5))
                .callTimeout(Duration.ofMinutes(5))
                .build();
    }

    /** Stops the dispatcher's threads and closes pooled connections (process shutdown). */
    public static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
