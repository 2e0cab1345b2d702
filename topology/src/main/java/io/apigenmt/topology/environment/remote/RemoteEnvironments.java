package io.apigenmt.topology.environment.remote;

import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.protocol.ProtocolJson;
import io.apigenmt.topology.llm.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The remote environments of one worker process ({@code --environment NAME=URL}): one HTTP client
 * and one retry scheduler shared by all of them. OkHttp's own caps (64 requests, 5 per host) are
 * raised far above any concurrency: units in flight per stage bound the requests, each unit
 * having at most one request in flight. Closing stops the client's threads.
 */
public final class RemoteEnvironments implements AutoCloseable {

    /** Above any sensible concurrency: the stages' in-flight limits are the effective bound. */
    private static final int MAX_REQUESTS = 8192;
    private static final int MAX_IDLE_CONNECTIONS = 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BACKOFF_INITIAL = Duration.ofMillis(200);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final OkHttpClient http;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<AsyncDomain> domains = new ArrayList<>();

    /**
     * @param urls    environment name (the domain name seeds use) to base URL
     * @param timeout the longest one request may take
     * @param retries retries of a failed request that is safe to repeat
     */
    public RemoteEnvironments(Map<String, String> urls, Duration timeout, int retries) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // Shorter than the idle limit of common servers (the JDK's closes after 30 s), so a
                // pooled connection is rarely found closed under a request.
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 20, TimeUnit.SECONDS))
                .connectTimeout(CONNECT_TIMEOUT)
                .callTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .build();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "environment-retry");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        RetryPolicy retry = new RetryPolicy(retries, BACKOFF_INITIAL, BACKOFF_MAX, MAX_RETRY_AFTER);
        ProtocolJson json = new ProtocolJson();
        urls.forEach((name, url) -> {
            HttpUrl base = HttpUrl.parse(url.strip());
            if (base == null) {
                throw new IllegalArgumentException("environment '" + name + "': not an http(s) URL: " + url);
            }
            domains.add(new RemoteDomain(name, ProtocolHttp.location(base),
                    new ProtocolHttp(name, base, http, scheduler, retry, json, Clock.systemUTC()), json));
        });
    }

    /** One domain per configured environment. */
    public List<AsyncDomain> domains() {
        return List.copyOf(domains);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
