package io.apigenmt.topology.platform;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server as our busy servers use it (sim-llm, env serve), tuned for many small requests. */
public final class JdkHttpServers {

    private static final int BACKLOG = 4096;

    private JdkHttpServers() {}

    /**
     * A server bound to {@code host:port} (0: any free port), not started. The JDK server reads
     * its options once, when its first instance is created: without TCP_NODELAY small answers wait
     * for delayed ACKs (~40 ms) on kept-alive connections, and with the default idle limit (200) a
     * client with a deep pool of connections sees most of them closed between bursts. A value
     * already set (a -D flag) is kept.
     */
    public static HttpServer create(String host, int port) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
        return HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ...: a server's pools never hold the JVM up. */
    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
