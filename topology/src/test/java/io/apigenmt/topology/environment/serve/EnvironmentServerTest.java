package io.apigenmt.topology.environment.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.EnvironmentUnavailable;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.environment.remote.RemoteEnvironments;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.sim.TestDomains;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code env serve} through the protocol client: the served retail domain answers exactly as the
 * in-process one (description, observations, state hashes and diffs, contexts, policy), episodes
 * are isolated and expire when idle, and requests outside the protocol get its error answers.
 */
class EnvironmentServerTest {

    private final Domain retail = TestDomains.registry().find("retail").orElseThrow();
    private EnvironmentServer server;
    private RemoteEnvironments client;

    private AsyncDomain serve(Duration idle) throws Exception {
        server = new EnvironmentServer(LocalDomain.of(retail), "127.0.0.1", 0, idle);
        server.start();
        client = new RemoteEnvironments(Map.of("retail", server.baseUrl()), Duration.ofSeconds(10), 1);
        return client.domains().get(0);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldDescribeTheDomainAsItIsInProcess() throws Exception {
        // Given retail served over the protocol
        AsyncDomain served = serve(Duration.ofMinutes(10));

        // When the client reads its description
        DomainDescription remote = served.describe().get(10, TimeUnit.SECONDS);

        // Then it is the in-process description: policy, every tool with its kind, budget, capabilities
        DomainDescription local = LocalDomain.of(retail).describe().join();
        assertThat(remote).isEqualTo(local);
    }

    @Test
    void shouldRunCallsOnIsolatedEpisodesAndReportTheInProcessHashAndDiff() throws Exception {
        // Given retail served, and a write the sampler knows to succeed
        AsyncDomain served = serve(Duration.ofMinutes(10));
        TaskContext context = retail.contextSampler().sample(3);
        ToolCall write = context.suggestedActions().get(0);

        // When the write runs on one of two episodes
        AsyncEpisode changed = served.openEpisode().get(10, TimeUnit.SECONDS);
        AsyncEpisode untouched = served.openEpisode().get(10, TimeUnit.SECONDS);
        Observation observation = changed.call(write).get(10, TimeUnit.SECONDS);
        EpisodeState after = changed.state().get(10, TimeUnit.SECONDS);
        EpisodeState fresh = untouched.state().get(10, TimeUnit.SECONDS);

        // Then the observation, hash and diff are the in-process ones
        Environment local = retail.newEnvironment();
        assertThat(observation).isEqualTo(local.execute(write));
        assertThat(after.hash()).isEqualTo(local.stateHash());
        assertThat(after.diff().toJson()).isEqualTo(local.diffFrom(retail.newEnvironment()).toJson());
        assertThat(after.diff().isEmpty()).isFalse();
        // And the other episode still holds the reference state
        assertThat(fresh.hash()).isEqualTo(retail.newEnvironment().stateHash());
        assertThat(fresh.diff().isEmpty()).isTrue();
        // And an error observation keeps the in-process text
        ToolCall unknown = new ToolCall("cancel_pending_order",
                JsonNodeFactory.instance.objectNode().put("order_id", "#W0000000").put("reason", "no longer needed"));
        assertThat(untouched.call(unknown).get(10, TimeUnit.SECONDS)).isEqualTo(retail.newEnvironment().execute(unknown));
        assertThat(server.openEpisodes()).isEqualTo(2);
        changed.close();
        untouched.close();
    }

    @Test
    void shouldSampleContextsAndCheckThePolicyAsInProcess() throws Exception {
        // Given retail served
        AsyncDomain served = serve(Duration.ofMinutes(10));

        for (long seed : new long[] {1, 7, 42}) {
            // When the context of a task and of a group member are asked for
            TaskContext remote = served.context(seed).get(10, TimeUnit.SECONDS);
            TaskContext member = served.memberContext(seed, 1).get(10, TimeUnit.SECONDS);

            // Then the generator sees exactly the in-process samples, the customer's record as JSON included
            assertThat(shown(remote)).isEqualTo(shown(retail.contextSampler().sample(seed)));
            assertThat(shown(member)).isEqualTo(shown(retail.contextSampler().sampleMember(seed, 1)));
            assertThat(remote.user().isObject()).isTrue();

            // And the policy check of a walk done twice finds what the in-process checker finds
            List<ToolCall> twice = new ArrayList<>(remote.suggestedActions());
            twice.addAll(remote.suggestedActions());
            Environment env = retail.newEnvironment();
            List<ExecutedCall> trace = twice.stream().map(c -> new ExecutedCall(c, env.execute(c))).toList();
            assertThat(served.checkPolicy(trace).get(10, TimeUnit.SECONDS))
                    .isEqualTo(retail.policyChecker().check(trace, retail.newEnvironment()));
        }
    }

    /** The context as the generator's prompt renders it. */
    private static String shown(TaskContext context) {
        return GeneratorPrompt.contextJson("retail", context).toString();
    }

    @Test
    void shouldDropAnIdleEpisodeSoThatItsUnitIsRedone() throws Exception {
        // Given episodes expire after a second without a request
        AsyncDomain served = serve(Duration.ofSeconds(1));
        AsyncEpisode episode = served.openEpisode().get(10, TimeUnit.SECONDS);

        // When the episode is left idle
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.openEpisodes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        // Then it is gone, and a call on it is "unavailable": the unit of work is redone, not dead-lettered
        assertThat(server.openEpisodes()).isZero();
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> episode.call(new ToolCall("list_all_product_types", null)).get(10, TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(EnvironmentUnavailable.class).hasMessageContaining("the episode is gone");
    }

    @Test
    void shouldAnswerRequestsOutsideTheProtocolWithItsErrors() throws Exception {
        // Given retail served
        serve(Duration.ofMinutes(10));
        OkHttpClient http = new OkHttpClient();
        MediaType json = MediaType.get("application/json");

        // Then a malformed body, an unknown path, a wrong method and an unknown episode get 400, 404, 405, 404
        try (Response bad = http.newCall(new Request.Builder().url(server.baseUrl() + "/v1/context")
                .post(RequestBody.create("{\"seed\": \"x\"}", json)).build()).execute()) {
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).isEqualTo("{\"error\":{\"message\":\"'seed' must be a whole number (int64) but is a string\"}}");
        }
        try (Response missing = http.newCall(new Request.Builder().url(server.baseUrl() + "/v2/environment").build()).execute()) {
            assertThat(missing.code()).isEqualTo(404);
            assertThat(missing.body().string()).contains("no such endpoint: GET /v2/environment");
        }
        try (Response wrong = http.newCall(new Request.Builder().url(server.baseUrl() + "/v1/environment")
                .post(RequestBody.create("{}", json)).build()).execute()) {
            assertThat(wrong.code()).isEqualTo(405);
        }
        try (Response unknown = http.newCall(new Request.Builder().url(server.baseUrl() + "/v1/episodes/nope").delete().build())
                .execute()) {
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(unknown.body().string()).contains("unknown episode 'nope'");
        }
        http.dispatcher().executorService().shutdown();
    }
}
