package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of {@code apigen run} as a user sees it, in its own JVM with the shipped logging
 * configuration (not the tests' own): the libraries' warnings go to the log file, not the console.
 */
class ConsoleOutputTest {

    /** The log file's lines: "date time LEVEL [thread] logger - message". */
    private static final Pattern FILE_LINE = Pattern.compile("^\\S+ \\S+ (WARN|ERROR)\\s+\\[[^]]*] (\\S+) - (.*)$");

    @TempDir
    Path tmp;

    @Test
    @Timeout(360)
    void shouldKeepTheLibrariesWarningsInTheLogFileAndOffTheConsole() throws Exception {
        // When a small run runs as a user starts it, output to files (no terminal)
        Path out = tmp.resolve("out");
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--tasks", "2", "--out", out.toString(), "--timeout", "240")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean exited = run.waitFor(300, TimeUnit.SECONDS);
        if (!exited) {
            run.destroyForcibly();
        }
        String console = Files.readString(stderr);
        assertThat(exited).as(console).isTrue();
        assertThat(run.exitValue()).as(console).isZero();

        // Then the libraries warned, but only into the log file
        List<Matcher> warnings = Files.readAllLines(out.resolve(RunCommand.LOG_FILE)).stream()
                .map(FILE_LINE::matcher).filter(Matcher::matches).toList();
        Set<String> theirs = warnings.stream().filter(m -> !m.group(2).startsWith("io.apigenmt."))
                .map(m -> m.group(3)).collect(Collectors.toSet());
        assertThat(theirs).as("Kafka warns during a run (else this test proves nothing)").isNotEmpty();
        Set<String> ourLoggers = warnings.stream().filter(m -> m.group(2).startsWith("io.apigenmt."))
                .map(m -> m.group(2).substring(m.group(2).lastIndexOf('.') + 1)).collect(Collectors.toSet());
        for (String line : console.lines().toList()) {
            assertThat(theirs).as("console line: %s", line).noneMatch(line::contains);
            if (line.matches("^\\d\\d:\\d\\d:\\d\\d (WARN|ERROR).*")) {
                String logger = line.substring(line.lastIndexOf('[') + 1, line.length() - 1);
                assertThat(ourLoggers).as("a console warning is apigen's own: %s", line).contains(logger);
            }
        }
        // And the console has the progress line, the summary is on stdout
        assertThat(console).contains("logs in " + out.resolve(RunCommand.LOG_FILE)).contains("4/4 done (100%)");
        assertThat(Files.readString(stdout)).startsWith("requested 4: verified ");
    }
}
