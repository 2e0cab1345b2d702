package io.apigenmt.topology.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code apigen worker} JVM started by {@code bench --workers N}: the same Java and class
 * path as this process (the shaded jar, or the test class path), its own heap limit, its output
 * in a log file, its metrics endpoint on a free port (read back from the line it prints).
 */
final class WorkerProcess implements AutoCloseable {

    private static final Pattern METRICS_PORT = Pattern.compile("metrics on port (\\d+)");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final String id;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private int metricsPort = -1;

    private WorkerProcess(String id, Process process, Path log) {
        this.id = id;
        this.process = process;
        this.log = log;
    }

    /**
     * @param jvmOptions  e.g. {@code -Xmx768m}
     * @param workerArgs  flags of {@code apigen worker}
     * @param env         added to this process's environment
     */
    static WorkerProcess start(String id, List<String> jvmOptions, List<String> workerArgs, Map<String, String> env,
                               Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker"));
        cmd.addAll(workerArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new WorkerProcess(id, pb.start(), log);
    }

    String id() {
        return id;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** True once the worker printed its metrics port; fails when it exited instead. */
    boolean started() throws IOException {
        if (metricsPort >= 0) {
            return true;
        }
        requireAlive();
        Matcher m = METRICS_PORT.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        if (m.find()) {
            metricsPort = Integer.parseInt(m.group(1));
            return true;
        }
        return false;
    }

    /** Every stage of the worker is RUNNING ({@code /health/ready}). */
    boolean ready() throws IOException, InterruptedException {
        return started() && get("/health/ready").statusCode() == 200;
    }

    /** The given metric families of its {@code /metrics} page (only those are asked for: the whole page is large). */
    PromText scrape(Set<String> families) throws IOException, InterruptedException {
        if (!started()) {
            throw new IllegalStateException("worker " + id + " has no metrics endpoint yet");
        }
        StringBuilder query = new StringBuilder();
        for (String name : families) {
            query.append(query.length() == 0 ? "?" : "&").append("name%5B%5D=").append(name);
        }
        HttpResponse<String> r = get("/metrics" + query);
        if (r.statusCode() != 200) {
            throw new IOException("worker " + id + " answered " + r.statusCode() + " on /metrics");
        }
        return PromText.parse(r.body(), families);
    }

    /** CPU time the process has used so far (user + system, every thread), as the OS accounts it. */
    Optional<Duration> cpu() {
        return process.toHandle().info().totalCpuDuration();
    }

    /** Throws when the process is gone, naming its exit code and last log line. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("worker " + id + " exited with " + process.exitValue() + ": " + lastLine());
        }
    }

    /** Asks it to stop (SIGTERM: the worker closes its stages cleanly). */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the exit; kills it after {@code grace}. Returns the exit code. */
    int awaitExit(Duration grace) throws InterruptedException {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills it if it still runs (after a failure, or when this JVM exits early). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                .timeout(HTTP_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip() + " (log: " + log + ")";
                }
            }
            return "no output (log: " + log + ")";
        } catch (IOException e) {
            return "log unreadable: " + e.getMessage();
        }
    }
}
