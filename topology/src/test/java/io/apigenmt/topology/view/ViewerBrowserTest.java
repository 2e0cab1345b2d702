package io.apigenmt.topology.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The viewer as a user meets it: a real run, {@code apigen view} on its folder in its own JVM,
 * and the page in headless Chromium. Screenshots are kept under {@code target/viewer/}.
 */
class ViewerBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "viewer");
    private static final Duration PAGE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    @Timeout(420)
    void shouldShowTheRunsFunnelAsInItsReportAndATrajectoryWithItsToolCalls() throws Exception {
        // Given a finished run of 3 tasks per domain
        Path out = tmp.resolve("out");
        assertThat(Main.execute("run", "--tasks", "3", "--out", out.toString(), "--timeout", "300")).isZero();
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        List<JsonNode> tasks = TaskFile.readLines(out.resolve(TaskFile.NAME));
        assertThat(tasks).as("one history per requested task").hasSize(report.path("requested").asInt());
        assertThat(tasks.stream().filter(t -> t.path("outcome").asText().equals("verified")).count())
                .isEqualTo(report.path("verified").asLong());

        // And the viewer serving it
        try (ViewerProcess viewer = ViewerProcess.start(tmp, out.toString(), "--port", "0");
             Chromium chromium = Chromium.start()) {
            WebDriver page = chromium.driver();

            // When the page loads
            page.get(viewer.url());
            waitUntilReady(page, "/");

            // Then the ledger and the funnel show the report's numbers
            for (String key : List.of("requested", "verified", "dead_lettered", "in_flight")) {
                assertThat(number(page, "[data-ledger='" + key + "'] .value")).as(key).isEqualTo(report.path(key).asLong());
            }
            assertThat(funnel(page)).isEqualTo(expectedFunnel(report));
            JsonNode review = report.path("stages").path("review");
            assertThat(number(page, "#rejections [data-label='policy'] .count")).isEqualTo(review.path("policy_rejections").asLong());
            assertThat(number(page, "#rejections [data-label='committee'] .count")).isEqualTo(review.path("review_rejections").asLong());
            chromium.screenshot(SCREENSHOTS.resolve("overview.png"));

            // When a verified task is searched for and opened from the task browser
            page.findElement(By.cssSelector("nav a[data-nav='tasks']")).click();
            waitUntilReady(page, "/tasks");
            page.findElement(By.cssSelector("select[name='outcome'] option[value='verified']")).click();
            page.findElement(By.cssSelector("#task-search button[type='submit']")).click();
            waitUntilReady(page, "/tasks?outcome=verified");
            List<WebElement> rows = page.findElements(By.cssSelector("tr.task-row"));
            assertThat(rows).hasSize((int) report.path("verified").asLong());
            // (the one that took the most attempts: its history has the most to show)
            String taskId = tasks.stream().filter(t -> t.path("outcome").asText().equals("verified"))
                    .max(Comparator.comparingInt(t -> t.path("attempts").asInt())).orElseThrow().path("task_id").asText();
            page.findElement(By.cssSelector("tr.task-row[data-task-id='" + taskId + "'] a")).click();
            waitUntilReady(page, "/task/" + taskId);

            // Then its conversation shows the tool calls the dataset's row holds, in order
            List<String> shown = page.findElements(By.cssSelector("#conversation .tool-call .tool-name")).stream()
                    .map(WebElement::getText).toList();
            assertThat(shown).isNotEmpty().isEqualTo(toolCallsInDataset(out.resolve("trajectories.openai.jsonl"), taskId));
            // And the ground truth, the state diff and the committee's verdicts it passed
            JsonNode task = tasks.stream().filter(t -> t.path("task_id").asText().equals(taskId)).findFirst().orElseThrow();
            JsonNode passed = task.path("trajectory").path("review");
            assertThat(page.findElements(By.cssSelector("#ground-truth ol.actions > li")))
                    .hasSize(task.path("blueprints").get(task.path("blueprints").size() - 1).path("actions").size());
            assertThat(page.findElements(By.cssSelector("#state-diff tbody tr"))).hasSize(JSON.readTree(passed.path("diff_patch").asText()).size());
            assertThat(page.findElements(By.cssSelector("#verdicts tbody tr"))).hasSize(passed.path("verdicts").size()).isNotEmpty();
            assertThat(page.findElements(By.cssSelector("#trials tbody tr")))
                    .hasSize(task.path("trajectory").path("failed_trials").size() + 1);
            chromium.screenshot(SCREENSHOTS.resolve("trajectory.png"));

            assertThat(viewer.stop()).as("stops on SIGTERM; stderr: %s", viewer.stderr()).isTrue();
        }
    }

    @Test
    @Timeout(120)
    void shouldShowModelTextAsTextAndEveryDeadLetterWithItsRedriveCommand() throws Exception {
        // Given a folder whose model text is markup, and a dead letter
        Path dir = SampleFolder.write(tmp.resolve("sample"));

        try (ViewServer server = ViewServer.start(FolderSource.open(dir), 0, false);
             Chromium chromium = Chromium.start()) {
            WebDriver page = chromium.driver();

            // When the verified task opens
            page.get(server.url() + "#/task/" + SampleFolder.VERIFIED);
            waitUntilReady(page, "/task/" + SampleFolder.VERIFIED);

            // Then the markup shows as text and nothing of it ran
            assertThat(page.getTitle()).isEqualTo("apigen viewer");
            assertThat(page.findElements(By.cssSelector("main img"))).isEmpty();
            assertThat(page.findElements(By.xpath("//main//b[text()='bold?']"))).isEmpty();
            assertThat(page.findElement(By.id("conversation")).getText()).contains(SampleFolder.MARKUP);
            assertThat(page.findElement(By.id("verdicts")).getText()).contains(SampleFolder.MARKUP);
            // And the history shows the rejected attempt with its reason, the trials the failed one
            assertThat(page.findElement(By.id("history")).getText())
                    .contains("rejected: policy").contains("cancel_pending_order: the order is not pending");
            assertThat(page.findElement(By.id("trials")).getText()).contains("user_stop").contains("state mismatch");

            // When the dead letters open
            page.findElement(By.cssSelector("nav a[data-nav='dead-letters']")).click();
            waitUntilReady(page, "/dead-letters");

            // Then the letter is listed with the command that redrives it
            assertThat(page.findElements(By.cssSelector("tr.dead-letter"))).singleElement()
                    .satisfies(row -> assertThat(row.getText()).contains(SampleFolder.DEAD).contains("rollout_failed"));
            assertThat(page.findElement(By.cssSelector(".command code")).getText())
                    .isEqualTo("apigen redrive --reason rollout_failed --stage rollout --seed-id " + SampleFolder.SEED);
            chromium.screenshot(SCREENSHOTS.resolve("dead-letters.png"));
        }
    }

    private static void waitUntilReady(WebDriver page, String route) {
        await().atMost(PAGE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<WebElement> error = page.findElements(By.id("error"));
            assertThat(error).as("page error").isEmpty();
            assertThat(page.findElement(By.id("main")).getAttribute("data-ready")).isEqualTo(route);
        });
    }

    private static long number(WebDriver page, String css) {
        return Long.parseLong(page.findElement(By.cssSelector(css)).getText().replace(",", "").strip());
    }

    private static Map<String, Long> funnel(WebDriver page) {
        Map<String, Long> steps = new LinkedHashMap<>();
        for (WebElement step : page.findElements(By.cssSelector("#funnel .funnel-step"))) {
            steps.put(step.getAttribute("data-step"),
                    Long.parseLong(step.findElement(By.cssSelector(".count")).getText().replace(",", "")));
        }
        return steps;
    }

    /** The funnel as DESIGN.md's report counts it, derived here independently of the viewer's code. */
    private static Map<String, Long> expectedFunnel(JsonNode r) {
        JsonNode stages = r.path("stages");
        JsonNode review = stages.path("review");
        long approvals = review.path("approvals").asLong();
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("requested", r.path("requested").asLong());
        steps.put("generated", stages.path("generate").path("generated").asLong()
                + stages.path("regenerate").path("regenerations").asLong() + stages.path("recombine").path("combined").asLong());
        steps.put("stage1", approvals + review.path("review_rejections").asLong());
        steps.put("approved", approvals);
        steps.put("rollout", r.path("verified").asLong() + stages.path("rollout").path("rollout_failures").asLong());
        steps.put("verified", r.path("verified").asLong());
        return steps;
    }

    private static List<String> toolCallsInDataset(Path openai, String taskId) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(openai)) {
            JsonNode row = JSON.readTree(line);
            if (row.path("task_id").asText().equals(taskId)) {
                row.path("messages").forEach(m -> m.path("tool_calls").forEach(c -> names.add(c.path("function").path("name").asText())));
            }
        }
        return names;
    }
}
