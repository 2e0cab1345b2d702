package io.apigenmt.topology.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) inside this JVM, on
 * loopback. Its log directory is formatted on first use and reused afterwards, so a restart on
 * the same data dir keeps every topic and offset. Several may run in one JVM: each gets its own
 * ports, data dir and cluster id.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String HOST = "127.0.0.1";
    /**
     * A key of {@link BrokerSettings#extraProperties()}: listeners added to the defaults (e.g.
     * {@code SASL_PLAINTEXT://127.0.0.1:9094}), advertised as given. Overriding {@code listeners}
     * itself is not possible, since the controller listener's port is chosen at start.
     */
    public static final String EXTRA_LISTENERS = "apigen.extra.listeners";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    /** Starts a broker and returns once it accepts client requests. */
    public static EmbeddedBroker start(BrokerSettings settings) {
        Path dir;
        try {
            dir = settings.dataDir() != null ? Files.createDirectories(settings.dataDir())
                    : Files.createTempDirectory("apigen-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data dir: " + e.getMessage(), e);
        }
        boolean deleteOnClose = !settings.keepData();
        RuntimeException last = null;
        // A free port found by probing can be taken by someone else before the broker binds it;
        // retry with fresh ports, but never when the caller asked for a specific one.
        int attempts = settings.port() == 0 ? START_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            int port = settings.port() == 0 ? freePort() : settings.port();
            int controllerPort = freePort();
            try {
                return startOnce(settings, dir, deleteOnClose, port, controllerPort);
            } catch (RuntimeException e) {
                last = e;
                if (!causedByBind(e)) {
                    break;
                }
                log.info("port {} or {} taken, retrying", port, controllerPort);
            }
        }
        if (deleteOnClose) {
            Dirs.deleteRecursively(dir);
        }
        throw last;
    }

    private static EmbeddedBroker startOnce(BrokerSettings settings, Path dir, boolean deleteOnClose, int port,
                                            int controllerPort) {
        Map<String, String> props = brokerProperties(dir, port, controllerPort);
        Map<String, String> extra = new LinkedHashMap<>(settings.extraProperties());
        String extraListeners = extra.remove(EXTRA_LISTENERS);
        props.putAll(extra);
        if (extraListeners != null && !extraListeners.isBlank()) {
            // Beside the PLAINTEXT listener the readiness check and the embedded registry use.
            props.put("listeners", props.get("listeners") + "," + extraListeners);
            props.put("advertised.listeners", props.get("advertised.listeners") + "," + extraListeners);
        }
        format(dir, props);
        Properties p = new Properties();
        p.putAll(props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        try {
            server.startup();
            EmbeddedBroker broker = new EmbeddedBroker(server, dir, deleteOnClose, port);
            broker.awaitReady();
            log.info("broker up on {} (data {})", broker.bootstrapServers(), dir);
            return broker;
        } catch (RuntimeException e) {
            shutdown(server);
            throw e;
        }
    }

    static Map<String, String> brokerProperties(Path dir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                + "SSL:SSL,SASL_SSL:SASL_SSL");
        p.put("log.dirs", dir.resolve("kraft-logs").toString());
        // One node: every internal topic must fit on it.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "16");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "16");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // The 3 s default is paid on every group formation; nothing here waits for stragglers.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MB default dominates the heap of a development broker.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    /** kafka-storage format --ignore-formatted: a no-op on a dir formatted by an earlier run. */
    private static void format(Path dir, Map<String, String> props) {
        Path config = dir.resolve("server.properties");
        try {
            Properties p = new Properties();
            p.putAll(props);
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "written by apigen's embedded broker for kafka-storage format");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId(dir),
                "-c", config.toString(), "--ignore-formatted"}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting broker data dir " + dir + " failed: "
                    + buf.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** The id the dir was formatted with (format refuses another), or a new one for a fresh dir. */
    private static String clusterId(Path dir) {
        Path meta = dir.resolve("kraft-logs").resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(meta)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + meta + ": " + e.getMessage(), e);
            }
            String id = p.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        return Uuid.randomUuid().toString();
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker on " + bootstrapServers() + " not ready after "
                                + READY_TIMEOUT.toSeconds() + " s", e);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the broker", e);
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(server);
        if (deleteOnClose) {
            Dirs.deleteRecursively(dataDir);
        }
    }

    private static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("broker shutdown: {}", e.toString());
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
