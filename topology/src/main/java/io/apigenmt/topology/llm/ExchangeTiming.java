package io.apigenmt.topology.llm;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;

/**
 * When one call's request was written out and when its response headers were read, as OkHttp's
 * events report them: the time the server held the request, without what the client spends
 * around it (waiting for a dispatcher thread or a connection, writing, reading and decoding the
 * body, running callbacks, being starved of CPU before or after). That is what the adaptive limit
 * judges the endpoint by: latency the endpoint did not cause must not shrink the limit.
 *
 * <p>Attached to a request as its tag ({@code Request.Builder.tag(ExchangeTiming.class, timing)});
 * {@link #LISTENER} fills it in and must be the client's event listener
 * ({@link LlmHttpClients#create} sets it). A connection OkHttp retries within one call reports
 * its events again; the last attempt's times are kept.
 */
final class ExchangeTiming {

    /** Records the times on the tagged requests of a client; stateless, shared. */
    static final EventListener LISTENER = new EventListener() {
        @Override
        public void requestHeadersEnd(Call call, Request request) {
            ExchangeTiming t = of(call);
            if (t != null) {
                t.sentNanos = System.nanoTime();
            }
        }

        @Override
        public void requestBodyEnd(Call call, long byteCount) {
            ExchangeTiming t = of(call);
            if (t != null) {
                t.sentNanos = System.nanoTime();
            }
        }

        @Override
        public void responseHeadersEnd(Call call, Response response) {
            ExchangeTiming t = of(call);
            if (t != null) {
                t.answeredNanos = System.nanoTime();
            }
        }
    };

    private volatile long sentNanos = -1;
    private volatile long answeredNanos = -1;

    /**
     * Nanoseconds from the request written to the response headers read, or -1 when the events
     * did not both arrive (a client without {@link #LISTENER}, a call that failed before).
     */
    long serverNanos() {
        long sent = sentNanos;
        long answered = answeredNanos;
        return sent < 0 || answered < sent ? -1 : answered - sent;
    }

    private static ExchangeTiming of(Call call) {
        return call.request().tag(ExchangeTiming.class);
    }
}
