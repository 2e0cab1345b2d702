package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimLlmCommandTest {

    @Test
    void badFlagsAreUsageErrorsOnOneLine() {
        for (String[] args : new String[][] {
            {"sim-llm", "--fault-rate", "1.5"},
            {"sim-llm", "--defect-rate", "-0.1"},
            {"sim-llm", "--judge-noise", "2"},
            {"sim-llm", "--agent-error-rate", "NaN"},
            {"sim-llm", "--port", "70000"},
            {"sim-llm", "--latency-ms", "-1"},
            {"sim-llm", "--port", "abc"},
            {"sim-llm", "--domain-data", "retail=/no/such/dir"},
            {"sim-llm", "--tasks-file", "/no/such/tasks.jsonl"},
        }) {
            CommandLine cli = Main.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().strip()).as(String.join(" ", args)).doesNotContain("\n").contains(args[1]);
        }
    }

    @Test
    void servesOverHttpUntilSigterm() throws Exception {
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m",
                Main.class.getName(), "sim-llm", "--port", "0", "--latency-ms", "5")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("sim-llm listening on (http://127\\.0\\.0\\.1:(\\d+)/v1)");
            String base = null;
            String line;
            while (base == null && (line = out.readLine()) != null) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertThat(base).isNotNull();
            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("sim-generator", "sim-judge", "sim-summarizer", "sim-user", "sim-agent");
            proc.destroy(); // SIGTERM
            assertThat(proc.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            proc.destroyForcibly();
        }
    }
}
