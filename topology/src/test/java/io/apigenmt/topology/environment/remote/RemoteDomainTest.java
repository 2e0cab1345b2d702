package io.apigenmt.topology.environment.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.EnvironmentUnavailable;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.environment.ProtocolViolation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol client against a scripted server: what each answer of ENVIRONMENT-PROTOCOL.md
 * becomes, and every way an environment can fail (unavailable: redo; broken protocol: a violation
 * naming the environment, the request and the problem).
 */
class RemoteDomainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRIES = 2;
    private static final String DESCRIBE = """
            {"name": "library", "policy": "Be kind.",
             "tools": [{"name": "find_book", "description": "Look up a book.", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}},
                       {"name": "borrow_book", "parameters": {"type": "object", "properties": {}}},
                       {"name": "transfer_to_human_agents", "description": "Hand over.", "parameters": {"type": "object"}}],
             "write_tools": ["borrow_book"], "terminating_tools": ["transfer_to_human_agents"],
             "attempt_budget": 4, "capabilities": ["context", "policy", "telepathy"]}""";

    private MockWebServer server;
    private RemoteEnvironments environments;
    private AsyncDomain shop;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        environments = new RemoteEnvironments(Map.of("shop", server.url("/").toString()), Duration.ofMillis(800), RETRIES);
        shop = environments.domains().get(0);
    }

    @AfterEach
    void stop() {
        environments.close();
        server.close();
    }

    private void answer(int status, String body) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not fail in time", e);
        }
        throw new AssertionError("the future succeeded");
    }

    private AsyncEpisode episode() throws Exception {
        answer(201, "{\"episode\": \"e-1\"}");
        AsyncEpisode episode = await(shop.openEpisode());
        server.takeRequest(5, TimeUnit.SECONDS);
        return episode;
    }

    private String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    @Test
    void shouldReadTheDescriptionOnceWithEachToolsKindTheBudgetAndTheKnownCapabilities() throws Exception {
        // Given an environment describing three tools
        answer(200, DESCRIBE);

        // When two stages ask for the description
        DomainDescription first = await(shop.describe());
        DomainDescription second = await(shop.describe());

        // Then it was fetched once, from /v1/environment
        assertThat(server.getRequestCount()).isEqualTo(1);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/environment");
        assertThat(second).isSameAs(first);
        // And each tool has its kind; a tool without a description gets an empty one
        assertThat(first.tools()).extracting(ToolSpec::name, ToolSpec::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("find_book", ToolSpec.Kind.READ),
                org.assertj.core.groups.Tuple.tuple("borrow_book", ToolSpec.Kind.WRITE),
                org.assertj.core.groups.Tuple.tuple("transfer_to_human_agents", ToolSpec.Kind.TERMINATE));
        assertThat(first.tool("borrow_book").orElseThrow().description()).isEmpty();
        assertThat(first.policy()).isEqualTo("Be kind.");
        assertThat(first.attemptBudget()).hasValue(4);
        // And a capability the pipeline does not know is ignored
        assertThat(first.capabilities()).containsExactlyInAnyOrder(Capability.CONTEXT, Capability.POLICY);
    }

    @Test
    void shouldFetchTheDescriptionAgainAfterAFailedFetch() throws Exception {
        // Given an environment whose first describe answer breaks the protocol
        answer(200, "{\"name\": \"library\"}");
        answer(200, DESCRIBE);

        // When the description is asked for twice
        assertThat(failure(shop.describe())).isInstanceOf(ProtocolViolation.class);
        DomainDescription d = await(shop.describe());

        // Then the second ask fetched it again
        assertThat(d.tools()).hasSize(3);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldRunACallAndShowAToolFailureAsAnErrorObservation() throws Exception {
        // Given an open episode
        AsyncEpisode episode = episode();
        answer(200, "{\"observation\": \"{\\\"title\\\": \\\"Dune\\\"}\", \"error\": false, \"terminates\": false}");
        answer(200, "{\"observation\": \"no book with id B9\", \"error\": true, \"terminates\": false}");
        answer(200, "{\"observation\": \"Transferred.\", \"terminates\": true}");

        // When three calls run
        Observation found = await(episode.call(new ToolCall("find_book", JSON.readTree("{\"q\": \"Dune\"}"))));
        Observation failed = await(episode.call(new ToolCall("borrow_book", JSON.readTree("{\"book_id\": \"B9\"}"))));
        Observation transfer = await(episode.call(new ToolCall("transfer_to_human_agents", null)));

        // Then each was posted to the episode's calls with its name and arguments
        RecordedRequest call = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(call.getMethod()).isEqualTo("POST");
        assertThat(call.getUrl().encodedPath()).isEqualTo("/v1/episodes/e-1/calls");
        assertThat(JSON.readTree(call.getBody().utf8())).isEqualTo(JSON.readTree("{\"name\": \"find_book\", \"arguments\": {\"q\": \"Dune\"}}"));
        // And the answers became observations: a tool failure shown as "Error: <message>"
        assertThat(found).isEqualTo(Observation.ok("{\"title\": \"Dune\"}"));
        assertThat(failed).isEqualTo(Observation.error("no book with id B9"));
        // And "error" left out means false
        assertThat(transfer).isEqualTo(Observation.terminating("Transferred."));
    }

    @Test
    void shouldReadTheStateHashAndDiffWithExactNumbers() throws Exception {
        // Given an episode whose state changed a price
        AsyncEpisode episode = episode();
        answer(200, "{\"hash\": \"ab12\", \"diff\": [{\"path\": \"books/B1/price\", \"before\": 12.50, \"after\": 10.00},"
                + " {\"path\": \"loans/L9\", \"after\": {\"book\": \"B1\"}}]}");

        // When its state is read
        EpisodeState state = await(episode.state());

        // Then hash and diff are the environment's, the numbers as written
        assertThat(state.hash().hex()).isEqualTo("ab12");
        assertThat(state.diff().toJson())
                .isEqualTo("[{\"path\":\"books/B1/price\",\"before\":12.50,\"after\":10.00},"
                        + "{\"path\":\"loans/L9\",\"before\":null,\"after\":{\"book\":\"B1\"}}]");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v1/episodes/e-1/state");
    }

    @Test
    void shouldTreatAnEpisodeTheEnvironmentNoLongerKnowsAsUnavailable() throws Exception {
        // Given an episode the environment dropped (idle expiry, or a restart)
        AsyncEpisode episode = episode();
        answer(404, "{\"error\": {\"message\": \"unknown episode e-1\"}}");
        answer(404, "{\"error\": {\"message\": \"unknown episode e-1\"}}");

        // Then a call and a state read are unavailable, not a violation: the unit is redone
        assertThat(failure(episode.call(new ToolCall("find_book", null)))).isInstanceOf(EnvironmentUnavailable.class)
                .hasMessageContaining("environment 'shop' at " + base())
                .hasMessageContaining("POST /v1/episodes/{id}/calls: the episode is gone (HTTP 404: unknown episode e-1)");
        assertThat(failure(episode.state())).isInstanceOf(EnvironmentUnavailable.class)
                .hasMessageContaining("GET /v1/episodes/{id}/state: the episode is gone");
        // And neither was retried
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void shouldRetryARepeatableRequestUntilTheEnvironmentAnswers() throws Exception {
        // Given an environment that is busy, then fails, then answers
        AsyncEpisode episode = episode();
        answer(503, "{\"error\": {\"message\": \"busy\"}}");
        answer(500, "{\"error\": {\"message\": \"oops\"}}");
        answer(200, "{\"hash\": \"ff00\"}");

        // When the state is read
        EpisodeState state = await(episode.state());

        // Then the third attempt's answer counts
        assertThat(state.hash().hex()).isEqualTo("ff00");
        assertThat(state.diff().isEmpty()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1 + 3);
    }

    @Test
    void shouldCallTheEnvironmentUnavailableWhenItStaysBusy() throws Exception {
        // Given an environment answering 503 to every attempt
        for (int i = 0; i <= RETRIES; i++) {
            answer(503, "{\"error\": {\"message\": \"overloaded\"}}");
        }

        // Then after the retries it is unavailable, naming the last answer
        assertThat(failure(shop.context(7))).isInstanceOf(EnvironmentUnavailable.class)
                .hasMessageContaining("POST /v1/context: HTTP 503: overloaded");
        assertThat(server.getRequestCount()).isEqualTo(1 + RETRIES);
    }

    @Test
    void shouldNotRepeatAToolCallThatMayHaveReachedTheServer() throws Exception {
        // Given an open episode
        AsyncEpisode episode = episode();

        // When a call meets 503, the unit is redone rather than the call repeated
        answer(503, "{}");
        assertThat(failure(episode.call(new ToolCall("borrow_book", null)))).isInstanceOf(EnvironmentUnavailable.class);
        // When a call meets 500, the environment's tool broke: a violation, not repeated either
        answer(500, "{\"error\": {\"message\": \"KeyError: 'book_id'\"}}");
        assertThat(failure(episode.call(new ToolCall("borrow_book", null)))).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("POST /v1/episodes/{id}/calls: answered HTTP 500: KeyError: 'book_id'");
        // When a call gets no answer in time, it is not repeated (the write may have happened)
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS)
                .body("{\"observation\": \"late\"}").build());
        assertThat(failure(episode.call(new ToolCall("borrow_book", null)))).isInstanceOf(EnvironmentUnavailable.class)
                .hasMessageContaining("no answer within the time limit");

        // Then each call was sent once
        assertThat(server.getRequestCount()).isEqualTo(1 + 3);
    }

    @Test
    void shouldRetryARequestThatTimesOutAndThenCallTheEnvironmentUnavailable() throws Exception {
        // Given an environment that never answers in time
        for (int i = 0; i <= RETRIES; i++) {
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body(DESCRIBE).build());
        }

        // Then describe is unavailable after every attempt timed out
        assertThat(failure(shop.describe())).isInstanceOf(EnvironmentUnavailable.class)
                .hasMessageContaining("GET /v1/environment: no answer within the time limit");
        assertThat(server.getRequestCount()).isEqualTo(1 + RETRIES);
    }

    @Test
    void shouldCallAnEnvironmentNobodyListensForUnavailable() throws Exception {
        // Given a URL where no server listens
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (RemoteEnvironments nowhere = new RemoteEnvironments(Map.of("gone", "http://127.0.0.1:" + port),
                Duration.ofSeconds(2), RETRIES)) {
            // Then opening an episode is unavailable, not a violation
            assertThat(failure(nowhere.domains().get(0).openEpisode())).isInstanceOf(EnvironmentUnavailable.class)
                    .hasMessageContaining("environment 'gone' at http://127.0.0.1:" + port)
                    .hasMessageContaining("POST /v1/episodes: cannot connect");
        }
    }

    @Test
    void shouldNameTheEnvironmentTheRequestAndTheProblemWhenAnAnswerBreaksTheProtocol() throws Exception {
        AsyncEpisode episode = episode();
        String prefix = "environment 'shop' at " + base() + " broke the environment protocol: ";

        answer(200, "<html>oops</html>");
        assertViolation(() -> await(episode.state()), prefix + "GET /v1/episodes/{id}/state: the body is not JSON");
        answer(200, "[1, 2]");
        assertViolation(() -> await(episode.state()), prefix + "GET /v1/episodes/{id}/state: the body is not a JSON object");
        answer(200, "{\"diff\": []}");
        assertViolation(() -> await(episode.state()), prefix + "GET /v1/episodes/{id}/state: 'hash' is missing");
        answer(200, "{\"hash\": \"ab\", \"diff\": {\"path\": \"x\"}}");
        assertViolation(() -> await(episode.state()), "'diff' must be a list but is an object");
        answer(200, "{\"error\": false}");
        assertViolation(() -> await(episode.call(new ToolCall("find_book", null))),
                prefix + "POST /v1/episodes/{id}/calls: 'observation' is missing");
        answer(200, "{\"observation\": 42}");
        assertViolation(() -> await(episode.call(new ToolCall("find_book", null))), "'observation' must be a string but is a number");
        answer(200, "{\"observation\": \"ok\", \"error\": \"no\"}");
        assertViolation(() -> await(episode.call(new ToolCall("find_book", null))), "'error' must be a boolean but is a string");
        answer(200, "{}");
        assertViolation(() -> await(shop.openEpisode()), prefix + "POST /v1/episodes: 'episode' is missing");
        answer(400, "{\"error\": {\"message\": \"seed must be positive\"}}");
        assertViolation(() -> await(shop.context(-1)), prefix + "POST /v1/context: answered HTTP 400: seed must be positive");
        answer(200, "{\"user_id\": \"u1\", \"context\": \"c\", \"suggested_outputs\": [3]}");
        assertViolation(() -> await(shop.context(1)), "'suggested_outputs[0]' must be a string but is a number");
        answer(200, "{\"user_id\": \"u1\", \"context\": \"c\", \"suggested_actions\": [{\"arguments\": {}}]}");
        assertViolation(() -> await(shop.context(1)), "'suggested_actions[0].name' is missing");
        answer(200, "{\"violations\": [{\"rule\": \"r\"}]}");
        assertViolation(() -> await(shop.checkPolicy(List.of())), "POST /v1/policy-check: 'violations[0].message' is missing");
    }

    @Test
    void shouldRefuseADescriptionThatBreaksTheProtocol() throws Exception {
        String prefix = "environment 'shop' at " + base() + " broke the environment protocol: GET /v1/environment: ";
        answer(200, "{\"policy\": \"p\", \"write_tools\": []}");
        assertViolation(() -> await(shop.describe()), prefix + "'tools' is missing");
        answer(200, "{\"policy\": \"p\", \"tools\": [{\"name\": \"a\", \"parameters\": {}}], \"write_tools\": [\"b\"]}");
        assertViolation(() -> await(shop.describe()), prefix + "'write_tools' or 'terminating_tools' names 'b', which is not in 'tools'");
        answer(200, "{\"policy\": \"p\", \"tools\": [{\"name\": \"a\"}], \"write_tools\": []}");
        assertViolation(() -> await(shop.describe()), "'tools[0].parameters' must be a JSON Schema object but is missing");
        answer(200, "{\"policy\": \"p\", \"tools\": [], \"write_tools\": [], \"attempt_budget\": \"three\"}");
        assertViolation(() -> await(shop.describe()), "'attempt_budget' must be a whole number of at least 1 but is \"three\"");
        answer(404, "{\"error\": {\"message\": \"not found\"}}");
        assertViolation(() -> await(shop.describe()), prefix + "answered HTTP 404: not found (is " + base()
                + " the environment's base URL?)");
    }

    private static void assertViolation(ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining(message);
    }

    @Test
    void shouldReadAContextWhoseTextHoldsAJsonObjectAsThatObject() throws Exception {
        // Given a context answer with a record as JSON text, a persona and a suggested walk
        answer(200, """
                {"user_id": "ada_1", "context": "{\\"name\\": \\"Ada\\", \\"fines\\": 2.50}", "persona": "Terse.",
                 "suggested_actions": [{"name": "borrow_book", "arguments": {"book_id": "B1"}}],
                 "suggested_outputs": ["2025-03-24"]}""");
        answer(200, "{\"user_id\": \"bo_2\", \"context\": \"Bo owes nothing.\"}");

        // When the context of a group member and of a plain task are asked for
        TaskContext member = await(shop.memberContext(11, 1));
        TaskContext plain = await(shop.context(12));

        // Then the member's request named its place, the plain one did not
        assertThat(JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()))
                .isEqualTo(JSON.readTree("{\"seed\": 11, \"member\": 1}"));
        assertThat(JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()))
                .isEqualTo(JSON.readTree("{\"seed\": 12}"));
        // And the JSON text became the user record, with its numbers as written
        assertThat(member.userId()).isEqualTo("ada_1");
        assertThat(member.user().toString()).isEqualTo("{\"name\":\"Ada\",\"fines\":2.50}");
        assertThat(member.persona()).isEqualTo("Terse.");
        assertThat(member.suggestedActions()).containsExactly(new ToolCall("borrow_book", JSON.readTree("{\"book_id\": \"B1\"}")));
        assertThat(member.suggestedOutputs()).containsExactly("2025-03-24");
        // And plain text stays text; what is left out is empty
        JsonNode text = plain.user();
        assertThat(text.isTextual()).isTrue();
        assertThat(text.asText()).isEqualTo("Bo owes nothing.");
        assertThat(plain.persona()).isNull();
        assertThat(plain.suggestedActions()).isEmpty();
        assertThat(plain.suggestedOutputs()).isEmpty();
    }

    @Test
    void shouldSendTheActionsForAPolicyCheckAndReadTheViolations() throws Exception {
        // Given an environment that finds one broken rule
        answer(200, "{\"violations\": [{\"rule\": \"too_many_loans\", \"message\": \"ada has 3 loans\"}]}");

        // When two executed actions are checked
        List<PolicyViolation> violations = await(shop.checkPolicy(List.of(
                new ExecutedCall(new ToolCall("borrow_book", JSON.readTree("{\"book_id\": \"B1\"}")), Observation.ok("{}")),
                new ExecutedCall(new ToolCall("borrow_book", JSON.readTree("{\"book_id\": \"B2\"}")), Observation.ok("{}")))));

        // Then the actions were sent without their observations, and the violation read back
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/policy-check");
        assertThat(JSON.readTree(request.getBody().utf8())).isEqualTo(JSON.readTree(
                "{\"actions\": [{\"name\": \"borrow_book\", \"arguments\": {\"book_id\": \"B1\"}},"
                        + " {\"name\": \"borrow_book\", \"arguments\": {\"book_id\": \"B2\"}}]}"));
        assertThat(violations).containsExactly(new PolicyViolation("too_many_loans", "ada has 3 loans"));
    }

    @Test
    void shouldDeleteAnEpisodeWhenItIsClosedAndIgnoreAFailure() throws Exception {
        // Given an open episode and an environment that does not know it any more
        AsyncEpisode episode = episode();
        answer(404, "{}");

        // When it is closed
        episode.close();

        // Then a DELETE went out, and closing did not throw
        RecordedRequest delete = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getUrl().encodedPath()).isEqualTo("/v1/episodes/e-1");
    }
}
