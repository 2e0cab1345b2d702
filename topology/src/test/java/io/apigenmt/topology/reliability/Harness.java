package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.cli.Main;
import io.apigenmt.topology.fanout.FanoutStage;
import io.apigenmt.topology.pipeline.SeedPublisher;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.Dirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the reliability and security tests share: worker and CLI subprocesses on the test class
 * path, a read_committed view of the terminal topics, and the pipeline invariant of issue 8
 * (every task of every seed ends in exactly one terminal record; report in_flight 0).
 */
public final class Harness {

    private Harness() {}

    /** A fresh directory under target/ (Streams state must not live in the OS temp dir). */
    public static Path workDir(String prefix) {
        try {
            Path target = Files.createDirectories(Path.of("target", "reliability").toAbsolutePath());
            return Files.createTempDirectory(target, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a work dir, keeping its *.log files under target/reliability-logs/ for a post-mortem. */
    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        // Every log below it, the workers' own files in their state dirs included, kept flat.
        try (var files = Files.walk(dir)) {
            Path keep = Files.createDirectories(Path.of("target", "reliability-logs").toAbsolutePath()
                    .resolve(dir.getFileName().toString()));
            for (Path f : files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // best effort
        }
        Dirs.deleteRecursively(dir);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code java -cp <test class path> io.apigenmt.topology.cli.Main args...}, output (stdout
     * and stderr merged) to {@code log}; {@code env} is added to this JVM's environment.
     */
    public static Process cli(Path log, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A worker with every stage, static membership and a fixed state dir. */
    public static Process worker(Path log, String bootstrap, String registryUrl, String llmUrl, String workerId,
                                 Path stateDir, Map<String, String> extraEnv, String... extraArgs) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("APIGEN_WORKER__STATE_DIR", stateDir.toString());
        env.put("APIGEN_CLUSTER__PARTITIONS", "4");
        List<String> args = new ArrayList<>(List.of("worker", "--bootstrap-servers", bootstrap,
                "--schema-registry-url", registryUrl, "--llm-base-url", llmUrl, "--worker-id", workerId,
                "--threads", "1", "--concurrency", "64"));
        args.addAll(List.of(extraArgs));
        return cli(log, env, args.toArray(String[]::new));
    }

    /** Waits until {@code log} contains {@code text}; fails early when the process dies. */
    public static String awaitLog(Process p, Path log, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String s = read(log);
            if (s.contains(text)) {
                return s;
            }
            if (!p.isAlive()) {
                throw new AssertionError("process exited (" + p.exitValue() + ") before logging '" + text + "':\n" + tail(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + tail(log));
    }

    /** The metrics port a worker printed at start. */
    public static int metricsPort(String workerLog) {
        Matcher m = Pattern.compile("metrics on port (\\d+)").matcher(workerLog);
        if (!m.find()) {
            throw new AssertionError("worker printed no metrics port:\n" + workerLog);
        }
        return Integer.parseInt(m.group(1));
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String tail(Path file) {
        String s = read(file);
        return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
    }

    public static void stop(Process p) {
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void publishSeed(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry,
                                   String seedId, String domain, int tasks) throws InterruptedException {
        try (SeedPublisher publisher = new SeedPublisher(clientProps, topics, registry)) {
            publisher.publish(new SeedRequest(seedId, domain, tasks, 7L, Map.of(), List.of()));
        }
    }

    /** Terminal records as read with read_committed: every verified trajectory and dead letter. */
    public record Terminals(List<Trajectory> verified, List<DeadLetter> deadLetters) {

        public long verifiedOf(String seedId) {
            return verified.stream().filter(t -> t.getTaskId().startsWith(seedId + "-")).count();
        }

        public List<DeadLetter> deadLettersOfStage(String stage) {
            return deadLetters.stream().filter(d -> d.getStage().equals(stage)).toList();
        }
    }

    public static Terminals terminals(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry) {
        AvroWireCodec<Trajectory> tc = new AvroWireCodec<>(registry, Trajectory.class, false);
        AvroWireCodec<DeadLetter> dc = new AvroWireCodec<>(registry, DeadLetter.class, false);
        List<Trajectory> verified = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (TopicScan scan = new TopicScan(clientProps, List.of(topics.verified().name(), topics.deadLetters().name()))) {
            scan.catchUp(rec -> {
                if (rec.topic().equals(topics.verified().name())) {
                    verified.add(tc.deserialize(rec.value()));
                } else {
                    dead.add(dc.deserialize(rec.value()));
                }
            });
        }
        return new Terminals(verified, dead);
    }

    /** How many terminal records each task id of {@code seeds} (seed id -> task count) has now. */
    public static Map<String, Integer> terminalCounts(Terminals t, Map<String, Integer> seeds) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        seeds.forEach((seed, n) -> {
            for (int i = 0; i < n; i++) {
                counts.put(FanoutStage.taskId(seed, i), 0);
            }
        });
        t.verified().forEach(v -> counts.computeIfPresent(v.getTaskId(), (k, c) -> c + 1));
        t.deadLetters().stream().filter(d -> d.getTasks() > 0)
                .forEach(d -> counts.computeIfPresent(d.getId(), (k, c) -> c + 1));
        return counts;
    }

    /** True once every task of {@code seeds} has at least one terminal record. */
    public static boolean allTerminal(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry,
                                      Map<String, Integer> seeds) {
        return terminalCounts(terminals(clientProps, topics, registry), seeds).values().stream().allMatch(c -> c >= 1);
    }

    /**
     * Issue 8's invariant: exactly N terminal records per seed, one per task id, no task id twice
     * among verified trajectories (read_committed), and {@code apigen report} shows in_flight 0.
     */
    public static Terminals assertInvariant(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry,
                                            Map<String, Integer> seeds, String bootstrap, String registryUrl) {
        Terminals t = terminals(clientProps, topics, registry);
        Map<String, Integer> counts = terminalCounts(t, seeds);
        assertThat(counts).as("terminal records per task id").allSatisfy((task, c) -> assertThat(c).as(task).isEqualTo(1));
        List<String> verifiedIds = t.verified().stream().map(Trajectory::getTaskId).toList();
        assertThat(verifiedIds).as("verified task ids").doesNotHaveDuplicates();
        for (Map.Entry<String, Integer> seed : seeds.entrySet()) {
            JsonNode report = report(bootstrap, registryUrl, "--seed-id", seed.getKey());
            assertThat(report.path("in_flight").asLong(-1)).as("report in_flight of " + seed.getKey() + ": " + report).isZero();
            assertThat(report.path("requested").asLong()).as("requested of " + seed.getKey()).isEqualTo(seed.getValue().longValue());
            assertThat(report.path("requested").asLong())
                    .isEqualTo(report.path("verified").asLong() + report.path("dead_lettered").asLong());
        }
        return t;
    }

    /** {@code apigen report} of the whole cluster shows nothing in flight and balances. */
    public static void assertWholeReportBalances(String bootstrap, String registryUrl) {
        JsonNode report = report(bootstrap, registryUrl);
        assertThat(report.path("in_flight").asLong(-1)).as("report in_flight: " + report).isZero();
        assertThat(report.path("requested").asLong())
                .isEqualTo(report.path("verified").asLong() + report.path("dead_lettered").asLong());
    }

    /** {@code apigen report} in this JVM, its JSON. */
    public static JsonNode report(String bootstrap, String registryUrl, String... extraArgs) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("report", "--bootstrap-servers", bootstrap,
                "--schema-registry-url", registryUrl));
        args.addAll(List.of(extraArgs));
        int rc = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertThat(rc).as("report exit code; stderr: " + err).isZero();
        try {
            return new ObjectMapper().readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
