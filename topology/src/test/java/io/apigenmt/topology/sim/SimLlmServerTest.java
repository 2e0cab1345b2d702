package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.regenerate.SummarizerPrompt;
import io.apigenmt.topology.review.JudgePrompt;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimLlmServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimLlmServer server(SimLlmOptions options) {
        return new SimLlmServer(options, SimRoles.phaseOne(TestDomains.registry(), options, JSON).build(), JSON);
    }

    private static ObjectNode judgeBody(SimHttp http, String model, String instruction) {
        JudgePrompt prompt = new JudgePrompt(JSON);
        ToolCall action = new ToolCall("cancel_pending_order", JSON.createObjectNode().put("order_id", "#W0000001").put("reason", "no longer needed"));
        return http.body(model, prompt.request("Be nice.", instruction, List.of(action), List.of(), "[]"));
    }

    private static ObjectNode summarizerBody(SimHttp http, String reason) {
        return http.body("sim-summarizer", new SummarizerPrompt(JSON).request("Cancel it.", List.of(), List.of(),
                List.of(reason), List.of()));
    }

    @Test
    void sameRequestSameAnswerAndTheSeedMatters() throws Exception {
        List<String> seed1 = new ArrayList<>();
        List<String> seed1Again = new ArrayList<>();
        List<String> seed2 = new ArrayList<>();
        for (long seed : new long[] {1, 1, 2}) {
            SimLlmOptions options = SimLlmOptions.defaults().withRandomSeed(seed).withJudgeNoise(0.3);
            try (SimLlmServer server = server(options)) {
                SimHttp http = new SimHttp(server.start());
                List<String> target = seed == 2 ? seed2 : seed1.isEmpty() ? seed1 : seed1Again;
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> r = http.post(judgeBody(http, "sim-judge-" + (i % 3), "You are Ann. Instruction number " + i + "."));
                    target.add(JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText());
                }
            }
        }
        assertThat(seed1Again).isEqualTo(seed1);
        assertThat(seed2).isNotEqualTo(seed1);
    }

    @Test
    void modelsStatsUnknownModelsAndPathsWithoutV1() throws Exception {
        try (SimLlmServer server = server(SimLlmOptions.defaults())) {
            SimHttp http = new SimHttp(server.start());
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
            for (String path : List.of("/v1/models", "/models")) {
                JsonNode models = JSON.readTree(http.get(path).body());
                assertThat(models.path("object").asText()).isEqualTo("list");
                List<String> ids = new ArrayList<>();
                models.path("data").forEach(m -> ids.add(m.path("id").asText()));
                assertThat(ids).contains("sim-generator", "sim-judge", "sim-summarizer");
            }
            ObjectNode unknown = http.body("gpt-5", new io.apigenmt.topology.llm.ChatRequest(
                    List.of(io.apigenmt.topology.llm.ChatMessage.user("hello")), List.of(), false, null));
            HttpResponse<String> notFound = http.post(unknown);
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(notFound.body()).path("error").path("code").asText()).isEqualTo("model_not_found");

            // An unrelated model name with a judge prompt: detected from the content.
            HttpResponse<String> detected = http.post(judgeBody(http, "gpt-4o", "You are Ann and want things."));
            assertThat(detected.statusCode()).isEqualTo(200);
            JsonNode completion = JSON.readTree(detected.body());
            assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
            assertThat(completion.path("choices").path(0).path("message").path("role").asText()).isEqualTo("assistant");
            assertThat(completion.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
            assertThat(completion.path("usage").path("prompt_tokens").asInt()).isPositive();
            assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(
                    completion.path("usage").path("prompt_tokens").asInt() + completion.path("usage").path("completion_tokens").asInt());

            JsonNode stats = JSON.readTree(http.get("/v1/sim/stats").body());
            assertThat(stats.path("total").asLong()).isGreaterThanOrEqualTo(4);
            assertThat(stats.path("byRole").path("sim-judge").asLong()).isEqualTo(1);
            assertThat(stats.has("inFlight")).isTrue();
            assertThat(stats.has("meanInFlight")).isTrue();
            assertThat(server.stats().maxInFlight()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void faultsComeAtTheConfiguredRateEachClassAppearsAndRetriesSucceed() throws Exception {
        SimLlmOptions options = SimLlmOptions.defaults().withFaultRate(0.5);
        try (SimLlmServer server = server(options)) {
            SimHttp http = new SimHttp(server.start());
            int n = 400;
            List<CompletableFuture<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                outcomes.add(http.postAsync(summarizerBody(http, "reason " + i)).handle((r, e) -> classify(r, e)));
            }
            Map<String, Integer> counts = new HashMap<>();
            for (CompletableFuture<String> f : outcomes) {
                counts.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }
            int faults = n - counts.getOrDefault("ok", 0);
            // Slow answers are still correct answers; count them from the server's stats.
            long slow = server.stats().faults().getOrDefault("slow", 0L);
            assertThat(faults + slow).as("%s slow=%d", counts, slow).isBetween(160L, 240L);
            assertThat(counts).as("%s", counts).containsKeys("429", "500", "truncated", "non_json");
            assertThat(slow).isPositive();
            assertThat(server.stats().faults().keySet()).containsExactlyInAnyOrder("rate_limited", "server_error", "slow",
                    "truncated", "non_json");

            // The same body retried draws again: it gets through within a few attempts.
            ObjectNode body = summarizerBody(http, "retry me");
            boolean succeeded = false;
            for (int attempt = 0; attempt < 12 && !succeeded; attempt++) {
                succeeded = classify(http.post(body), null).equals("ok");
            }
            assertThat(succeeded).isTrue();
        }
    }

    private static String classify(HttpResponse<String> response, Throwable error) {
        if (error != null) {
            return "truncated";
        }
        if (response.statusCode() != 200) {
            if (response.statusCode() == 429) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
            return Integer.toString(response.statusCode());
        }
        JsonNode completion;
        try {
            completion = JSON.readTree(response.body());
        } catch (Exception cutShort) {
            return "truncated";
        }
        try {
            new SummarizerPrompt(JSON).parse(completion.path("choices").path(0).path("message").path("content").asText());
            return "ok";
        } catch (Exception e) {
            return "non_json";
        }
    }

    @Test
    void thousandTwentyFourConcurrentRequestsAtOneSecondLatencyFinishTogether() throws Exception {
        SimLlmOptions options = SimLlmOptions.defaults().withLatency(1000, 0);
        try (SimLlmServer server = server(options)) {
            SimHttp http = new SimHttp(server.start());
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                bodies.add(summarizerBody(http, "concurrent " + i).toString());
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            // The first burst pays for JIT compilation of the whole request path; the second is the
            // steady-state figure. Each burst opens its connections before the clock starts (the JDK
            // server may close idle ones beyond sun.net.httpserver.maxIdleConnections, whose value is
            // fixed by whichever HttpServer the test JVM created first).
            long coldMs;
            try (RawHttpBurst warmUp = new RawHttpBurst(server.port(), 1024)) {
                long coldStart = System.nanoTime();
                assertThat(warmUp.post("/v1/chat/completions", bodies)).containsOnly(200);
                coldMs = (System.nanoTime() - coldStart) / 1_000_000;
            }
            try (RawHttpBurst burst = new RawHttpBurst(server.port(), 1024)) {
                server.resetStats();
                long cpuBefore = os.getProcessCpuTime();
                long start = System.nanoTime();
                List<Integer> statuses = burst.post("/v1/chat/completions", bodies);
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                long cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
                SimStats.Snapshot stats = server.stats();
                System.out.printf("sim-llm capacity: 1024 concurrent requests at 1000 ms latency in %d ms (cold JVM %d ms); "
                        + "max in flight %d, mean %.1f; process CPU %d ms (client included)%n",
                        elapsedMs, coldMs, stats.maxInFlight(), stats.meanInFlight(), cpuMs);
                assertThat(statuses).containsOnly(200);
                assertThat(elapsedMs).isLessThan(3000);
                assertThat(stats.maxInFlight()).isGreaterThan(900);
                assertThat(stats.total()).isEqualTo(1024);
                // The server counts a request finished just after the client has its bytes.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> server.stats().completed() == 1024 && server.stats().inFlight() == 0);
            }
        }
    }
}
