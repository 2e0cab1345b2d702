package io.apigenmt.topology.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass-through TCP relay in front of a model server that counts the HTTP requests in flight
 * where the server stands: what {@code bench} measures saturation with, whichever process the
 * worker runs in.
 *
 * <p><b>Why a raw relay.</b> It copies bytes between two sockets and parses nothing: no request
 * line, no headers, no body is decoded or re-encoded, nothing is allocated per request, and one
 * thread serves every connection through a selector. A proxy built on an HTTP server and client
 * (the JDK's {@code HttpServer} forwarding with an HTTP client, say) would parse and copy every
 * request twice and hand each exchange across threads, costing the same two cores the pipeline
 * runs on far more than this; {@code bench} reports this relay's own CPU per request and the
 * latency it adds, so its cost is measured, not assumed.
 *
 * <p><b>What counts as in flight.</b> A request is in flight from the first byte of it that
 * reaches the relay until the first byte of its response comes back from the server, or the
 * connection closes. That needs no parsing because HTTP/1.1 clients that do not pipeline (OkHttp,
 * the JDK's client, every OpenAI SDK) send a request on a connection only after the previous
 * response arrived whole: client bytes on an idle connection start a request, server bytes end
 * it. For a non-streamed chat completion the server writes its answer when it is done, so this
 * is the time the server held the request. Streamed answers (SSE) and {@code Expect:
 * 100-continue} would end the count at the first chunk; the pipeline uses neither.
 *
 * <p>Plain {@code http} upstreams only: a TLS server cannot be relayed under another address.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CountingProxy.class);
    private static final int BUFFER_BYTES = 16 * 1024;

    private final InetSocketAddress upstream;
    private final String basePath;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread relay;
    private final Counter counter = new Counter();
    private final Set<Connection> connections = new HashSet<>(); // relay thread only
    private volatile boolean running = true;
    private volatile long accepted;

    private CountingProxy(InetSocketAddress upstream, String basePath) throws IOException {
        this.upstream = upstream;
        this.basePath = basePath;
        this.selector = Selector.open();
        try {
            this.listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.relay = new Thread(this::loop, "bench-counting-proxy");
        relay.setDaemon(true);
    }

    /**
     * Starts relaying a loopback port to the host and port of {@code upstreamBaseUrl}.
     *
     * @param upstreamBaseUrl an {@code http://host:port/path} base URL (the path is kept: clients
     *                        of {@link #baseUrl()} send it, the relay passes it on unchanged)
     * @throws IllegalArgumentException when the URL is not plain http with a host
     */
    public static CountingProxy start(String upstreamBaseUrl) throws IOException {
        URI uri = relayable(upstreamBaseUrl);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        CountingProxy proxy = new CountingProxy(new InetSocketAddress(uri.getHost(), port),
                uri.getRawPath() == null ? "" : uri.getRawPath());
        proxy.relay.start();
        return proxy;
    }

    /**
     * The URL, when the relay can stand in front of it.
     *
     * @throws IllegalArgumentException when it is not plain http with a host
     */
    public static URI relayable(String baseUrl) {
        URI uri = URI.create(baseUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("the counting relay stands in front of plain http model servers only, got "
                    + uri.getScheme() + "://" + uri.getHost());
        }
        return uri;
    }

    /** The base URL clients use instead of the upstream's: same path, this relay's address. */
    public String baseUrl() {
        return "http://127.0.0.1:" + listener.socket().getLocalPort() + basePath;
    }

    /** Requests in flight at the server now, and since {@link #reset()}. */
    public InFlightReading read() {
        return counter.read();
    }

    /** The highest number in flight since {@link #reset()}. */
    public int maxInFlight() {
        return counter.max();
    }

    /** Starts the counts afresh (requests in flight stay counted). */
    public void reset() {
        counter.reset();
    }

    /** Client connections accepted so far. */
    public long connectionsAccepted() {
        return accepted;
    }

    /** CPU time the relay's thread has used so far, or -1 when the JVM does not measure thread CPU. */
    public long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        return threads.getThreadCpuTime(relay.getId());
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            relay.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
            selector.close();
        } catch (IOException e) {
            log.debug("closing the counting proxy: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- the relay thread

    private void loop() {
        try {
            while (running) {
                selector.select(this::ready);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                log.warn("counting proxy stopped: {}", e.toString());
            }
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                c.close();
            }
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() == null) {
            accept();
            return;
        }
        End end = (End) key.attachment();
        Connection c = end.connection;
        try {
            if (key.isConnectable()) {
                c.connected();
                return;
            }
            if (key.isWritable()) {
                c.flush(end);
            }
            if (key.isValid() && key.isReadable()) {
                c.read(end);
            }
        } catch (IOException e) {
            c.close();
        }
    }

    private void accept() {
        SocketChannel client;
        try {
            client = listener.accept();
        } catch (IOException e) {
            log.debug("counting proxy: accept failed: {}", e.toString());
            return;
        }
        if (client == null) {
            return;
        }
        accepted++;
        SocketChannel server = null;
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server = SocketChannel.open();
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(client, server);
            connections.add(c);
            if (server.connect(upstream)) {
                c.connected();
            } else {
                c.server.key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            log.debug("counting proxy: cannot reach {}: {}", upstream, e.toString());
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("counting proxy: close failed: {}", e.toString());
        }
    }

    /** One side of a relayed connection: its socket and the bytes waiting to be written to it. */
    private final class End {
        final Connection connection;
        final SocketChannel channel;
        final SelectionKey key;
        /** Bytes read from the other side, not yet written here; kept flipped (position..limit pending). */
        final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_BYTES).limit(0);
        End peer;

        End(Connection connection, SocketChannel channel) throws IOException {
            this.connection = connection;
            this.channel = channel;
            this.key = channel.register(selector, 0, this);
        }
    }

    /** A client connection and its connection to the server. */
    private final class Connection {
        final End client;
        final End server;
        boolean awaitingResponse;
        boolean closeWhenFlushed;
        boolean closed;

        Connection(SocketChannel clientChannel, SocketChannel serverChannel) throws IOException {
            this.client = new End(this, clientChannel);
            this.server = new End(this, serverChannel);
            client.peer = server;
            server.peer = client;
        }

        void connected() throws IOException {
            server.channel.finishConnect();
            server.key.interestOps(SelectionKey.OP_READ);
            client.key.interestOps(SelectionKey.OP_READ);
        }

        /** Reads what {@code from} sent into its peer's buffer and passes it on. */
        void read(End from) throws IOException {
            ByteBuffer buffer = from.peer.pending;
            buffer.clear();
            int n = from.channel.read(buffer);
            buffer.flip();
            if (n < 0) {
                // The server may close after its last response: deliver what is left first.
                if (from == server && client.pending.hasRemaining()) {
                    closeWhenFlushed = true;
                    server.key.interestOps(0);
                } else {
                    close();
                }
                return;
            }
            if (n == 0) {
                return;
            }
            if (from == client && !awaitingResponse) {
                awaitingResponse = true;
                counter.started();
            } else if (from == server && awaitingResponse) {
                awaitingResponse = false;
                counter.finished();
            }
            flush(from.peer);
        }

        /**
         * Writes {@code to}'s pending bytes; while some remain, waits for it to be writable and
         * stops reading from the other side (the buffer is full), so nothing queues in memory.
         */
        void flush(End to) throws IOException {
            to.channel.write(to.pending);
            if (to.pending.hasRemaining()) {
                to.key.interestOps(to.key.interestOps() | SelectionKey.OP_WRITE);
                to.peer.key.interestOps(to.peer.key.interestOps() & ~SelectionKey.OP_READ);
                return;
            }
            if (closeWhenFlushed && to == client) {
                close();
                return;
            }
            to.key.interestOps(to.key.interestOps() & ~SelectionKey.OP_WRITE);
            if (!closeWhenFlushed) {
                to.peer.key.interestOps(to.peer.key.interestOps() | SelectionKey.OP_READ);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (awaitingResponse) {
                awaitingResponse = false;
                counter.finished();
            }
            connections.remove(this);
            closeQuietly(client.channel);
            closeQuietly(server.channel);
        }
    }

    /** In flight now, started, and the time integral; written by the relay thread, read by samplers. */
    private static final class Counter {
        private int inFlight;
        private int max;
        private long started;
        private double requestNanos;
        private long lastChange = System.nanoTime();

        synchronized void started() {
            advance();
            inFlight++;
            started++;
            max = Math.max(max, inFlight);
        }

        synchronized void finished() {
            advance();
            inFlight--;
        }

        synchronized InFlightReading read() {
            advance();
            return new InFlightReading(inFlight, started, requestNanos / 1e9, lastChange);
        }

        synchronized int max() {
            return max;
        }

        synchronized void reset() {
            advance();
            requestNanos = 0;
            started = 0;
            max = inFlight;
        }

        private void advance() {
            long now = System.nanoTime();
            requestNanos += (double) inFlight * (now - lastChange);
            lastChange = now;
        }
    }
}
