package io.apigenmt.topology.environment;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's environment: an in-process domain behind the asynchronous seam that fails the way a
 * remote one can: unavailable for its first few episodes, a tool call that finds its episode gone,
 * an answer that breaks the protocol, or a capability it does not offer. Counts what it was asked.
 */
public final class FaultyDomain implements AsyncDomain {

    private final LocalDomain domain;
    private final AtomicInteger unavailableOpens = new AtomicInteger();
    private final AtomicInteger lostCalls = new AtomicInteger();
    private volatile int loseAtCall = -1;
    private volatile boolean stateBroken;
    private final Set<Capability> withheld = EnumSet.noneOf(Capability.class);
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger policyChecks = new AtomicInteger();

    private FaultyDomain(Domain domain) {
        this.domain = LocalDomain.of(domain);
    }

    public static FaultyDomain of(Domain domain) {
        return new FaultyDomain(domain);
    }

    /** The first {@code n} episodes cannot be opened: the environment is down. */
    public FaultyDomain downForOpens(int n) {
        unavailableOpens.set(n);
        return this;
    }

    /** The {@code n}-th tool call (1-based, over all episodes) finds its episode gone, once. */
    public FaultyDomain loseEpisodeAtCall(int n) {
        loseAtCall = n;
        lostCalls.set(1);
        return this;
    }

    /** Every state answer breaks the protocol. */
    public FaultyDomain stateBreaksProtocol() {
        stateBroken = true;
        return this;
    }

    /** The description does not list {@code capability}. */
    public FaultyDomain without(Capability capability) {
        withheld.add(capability);
        return this;
    }

    public int opens() {
        return opens.get();
    }

    public int calls() {
        return calls.get();
    }

    public int policyChecks() {
        return policyChecks.get();
    }

    @Override
    public String name() {
        return domain.name();
    }

    @Override
    public String location() {
        return "http://faulty.test";
    }

    @Override
    public CompletableFuture<DomainDescription> describe() {
        return domain.describe().thenApply(d -> {
            Set<Capability> offered = EnumSet.noneOf(Capability.class);
            offered.addAll(d.capabilities());
            offered.removeAll(withheld);
            return new DomainDescription(d.policy(), d.tools(), d.attemptBudget(), offered);
        });
    }

    @Override
    public CompletableFuture<TaskContext> context(long seed) {
        return domain.context(seed);
    }

    @Override
    public CompletableFuture<TaskContext> memberContext(long customerSeed, int member) {
        return domain.memberContext(customerSeed, member);
    }

    @Override
    public CompletableFuture<AsyncEpisode> openEpisode() {
        opens.incrementAndGet();
        if (unavailableOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new EnvironmentUnavailable(name(), "environment '" + name()
                    + "' at " + location() + ": POST /v1/episodes: cannot connect (Connection refused)", null));
        }
        return domain.openEpisode().thenApply(Episode::new);
    }

    @Override
    public CompletableFuture<List<PolicyViolation>> checkPolicy(List<ExecutedCall> trace) {
        policyChecks.incrementAndGet();
        return domain.checkPolicy(trace);
    }

    private final class Episode implements AsyncEpisode {
        private final AsyncEpisode inner;

        Episode(AsyncEpisode inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<Observation> call(ToolCall call) {
            if (calls.incrementAndGet() == loseAtCall && lostCalls.getAndSet(0) > 0) {
                return CompletableFuture.failedFuture(new EnvironmentUnavailable(name(), "environment '" + name()
                        + "' at " + location() + ": POST /v1/episodes/{id}/calls: the episode is gone (HTTP 404)", null));
            }
            return inner.call(call);
        }

        @Override
        public CompletableFuture<EpisodeState> state() {
            if (stateBroken) {
                return CompletableFuture.failedFuture(new ProtocolViolation(name(), "environment '" + name() + "' at "
                        + location() + " broke the environment protocol: GET /v1/episodes/{id}/state: 'hash' is missing"));
            }
            return inner.state();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
