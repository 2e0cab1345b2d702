package io.apigenmt.topology.environment.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.environment.protocol.MalformedMessage;
import io.apigenmt.topology.environment.protocol.ProtocolJson;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A domain served by any HTTP server that speaks ENVIRONMENT-PROTOCOL.md. The description is
 * fetched on first use and kept (a failed fetch is tried again by the next caller). Episodes are
 * opened per unit of work and deleted when it is done with them; a worker never has more open
 * than units in flight.
 */
public final class RemoteDomain implements AsyncDomain {

    private static final Logger log = LoggerFactory.getLogger(RemoteDomain.class);

    private final String name;
    private final String location;
    private final ProtocolHttp http;
    private final ProtocolJson json;
    private final AtomicReference<CompletableFuture<DomainDescription>> description = new AtomicReference<>();

    RemoteDomain(String name, String location, ProtocolHttp http, ProtocolJson json) {
        this.name = name;
        this.location = location;
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public CompletableFuture<DomainDescription> describe() {
        CompletableFuture<DomainDescription> current = description.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<DomainDescription> fresh = new CompletableFuture<>();
        if (!description.compareAndSet(current, fresh)) {
            return describe();
        }
        http.send(Exchange.get("GET /v1/environment", List.of("v1", "environment"), false))
                .thenApply(decoded("GET /v1/environment", json::readDescription))
                .whenComplete((d, error) -> {
                    if (error != null) {
                        fresh.completeExceptionally(error);
                    } else {
                        log.info("environment '{}' at {}: {} tools, capabilities {}", name, location, d.tools().size(),
                                d.capabilities());
                        fresh.complete(d);
                    }
                });
        return fresh;
    }

    @Override
    public CompletableFuture<TaskContext> context(long seed) {
        return context(json.contextRequest(seed, null));
    }

    @Override
    public CompletableFuture<TaskContext> memberContext(long customerSeed, int member) {
        return context(json.contextRequest(customerSeed, member));
    }

    private CompletableFuture<TaskContext> context(ObjectNode request) {
        return http.send(Exchange.post("POST /v1/context", List.of("v1", "context"), request, true, false))
                .thenApply(decoded("POST /v1/context", json::readContext));
    }

    @Override
    public CompletableFuture<AsyncEpisode> openEpisode() {
        return http.send(Exchange.post("POST /v1/episodes", List.of("v1", "episodes"), json.mapper().createObjectNode(), true,
                        false))
                .thenApply(decoded("POST /v1/episodes", body -> new Episode(json.readEpisode(body))));
    }

    @Override
    public CompletableFuture<List<PolicyViolation>> checkPolicy(List<ExecutedCall> trace) {
        ObjectNode request = json.policyRequest(trace.stream().map(ExecutedCall::call).toList());
        return http.send(Exchange.post("POST /v1/policy-check", List.of("v1", "policy-check"), request, true, false))
                .thenApply(decoded("POST /v1/policy-check", json::readViolations));
    }

    /** Reads a 2xx body with {@code reader}; what it refuses is the environment's violation. */
    private <T> Function<ObjectNode, T> decoded(String label, Function<ObjectNode, T> reader) {
        return body -> {
            if (body == null) {
                throw http.violation(label, "the answer has no body");
            }
            try {
                return reader.apply(body);
            } catch (MalformedMessage m) {
                throw http.violation(label, m.getMessage());
            }
        };
    }

    /** One episode on the server; the id is the server's. */
    private final class Episode implements AsyncEpisode {

        private final String id;

        Episode(String id) {
            this.id = id;
        }

        @Override
        public CompletableFuture<Observation> call(ToolCall call) {
            String label = "POST /v1/episodes/{id}/calls";
            return http.send(Exchange.post(label, List.of("v1", "episodes", id, "calls"), json.call(call), false, true))
                    .thenApply(decoded(label, json::readObservation));
        }

        @Override
        public CompletableFuture<EpisodeState> state() {
            String label = "GET /v1/episodes/{id}/state";
            return http.send(Exchange.get(label, List.of("v1", "episodes", id, "state"), true))
                    .thenApply(decoded(label, json::readState));
        }

        @Override
        public void close() {
            http.send(Exchange.delete("DELETE /v1/episodes/{id}", List.of("v1", "episodes", id)))
                    .whenComplete((ignored, error) -> {
                        if (error != null) {
                            // The server drops idle episodes itself; nothing depends on this.
                            log.debug("closing episode {} of environment '{}' failed: {}", id, name, error.toString());
                        }
                    });
        }
    }
}
