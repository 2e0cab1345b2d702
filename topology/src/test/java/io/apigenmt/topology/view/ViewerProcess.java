package io.apigenmt.topology.view;

import io.apigenmt.topology.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code apigen view ...} in its own JVM, as a user starts it; stopped with SIGTERM. */
final class ViewerProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("viewer at (http://127\\.0\\.0\\.1:\\d+/) ");

    private final Process process;
    private final Path stderr;
    private final String url;

    private ViewerProcess(Process process, Path stderr, String url) {
        this.process = process;
        this.stderr = stderr;
        this.url = url;
    }

    /** Starts {@code apigen view ARGS} and waits for the line that names its address. */
    static ViewerProcess start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", Main.class.getName(), "view"));
        command.addAll(List.of(args));
        Path stderr = workDir.resolve("viewer-stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : URL.matcher(line);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            throw new AssertionError("view printed " + line + " instead of its address; stderr: " + Files.readString(stderr));
        }
        return new ViewerProcess(p, stderr, m.group(1));
    }

    String url() {
        return url;
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGTERM, as Ctrl-C would; true when it stopped within the time allowed. */
    boolean stop() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        return exited;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
