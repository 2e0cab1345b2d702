package io.apigenmt.topology.environment;

import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.StateHash;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link Domain} of this process (retail, airline, a test's) behind the asynchronous seam: the
 * work runs on the calling thread and every future is already complete, so the in-process path
 * costs what calling the domain directly does. States compare without hashing where the domain
 * allows ({@link Environment#sameState}).
 */
public final class LocalDomain implements AsyncDomain {

    private final Domain domain;
    private final CompletableFuture<DomainDescription> description;

    private LocalDomain(Domain domain) {
        this.domain = domain;
        this.description = CompletableFuture.completedFuture(new DomainDescription(domain.policy(), domain.tools(),
                OptionalInt.of(domain.defaultAttemptBudget()), EnumSet.allOf(Capability.class)));
    }

    public static LocalDomain of(Domain domain) {
        return new LocalDomain(domain);
    }

    /** The domain with its description, for code that calls a stage's parts directly (tools, tests). */
    public static DescribedDomain described(Domain domain) {
        LocalDomain local = of(domain);
        return new DescribedDomain(local, local.description.join());
    }

    @Override
    public String name() {
        return domain.name();
    }

    @Override
    public String location() {
        return "in-process";
    }

    @Override
    public Optional<String> dataFingerprint() {
        return domain.dataFingerprint();
    }

    @Override
    public CompletableFuture<DomainDescription> describe() {
        return description;
    }

    @Override
    public CompletableFuture<TaskContext> context(long seed) {
        return now(() -> domain.contextSampler().sample(seed));
    }

    @Override
    public CompletableFuture<TaskContext> memberContext(long customerSeed, int member) {
        return now(() -> domain.contextSampler().sampleMember(customerSeed, member));
    }

    @Override
    public CompletableFuture<AsyncEpisode> openEpisode() {
        return now(() -> new Episode(domain.newEnvironment()));
    }

    @Override
    public CompletableFuture<List<PolicyViolation>> checkPolicy(List<ExecutedCall> trace) {
        return now(() -> domain.policyChecker().check(trace, domain.newEnvironment()));
    }

    private static <T> CompletableFuture<T> now(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private final class Episode implements AsyncEpisode {

        private final Environment env;

        Episode(Environment env) {
            this.env = env;
        }

        @Override
        public CompletableFuture<Observation> call(ToolCall call) {
            return now(() -> env.execute(call));
        }

        @Override
        public CompletableFuture<EpisodeState> state() {
            return CompletableFuture.completedFuture(new State(env));
        }

        @Override
        public void close() {
            // Nothing to release: the episode is garbage once unreferenced.
        }
    }

    /** The live environment's state; hash and diff are computed when first asked for. */
    private final class State implements EpisodeState {

        private final Environment env;
        private StateHash hash;
        private DiffPatch diff;

        State(Environment env) {
            this.env = env;
        }

        @Override
        public synchronized StateHash hash() {
            if (hash == null) {
                hash = env.stateHash();
            }
            return hash;
        }

        @Override
        public synchronized DiffPatch diff() {
            if (diff == null) {
                diff = env.diffFrom(domain.newEnvironment());
            }
            return diff;
        }

        @Override
        public boolean sameAs(EpisodeState other) {
            return other instanceof State local ? env.sameState(local.env) : EpisodeState.super.sameAs(other);
        }

        // changesFrom stays the protocol's (both states' changes from the reference): a failed
        // trial's summary, which the revision reads, then says the same in process and served.
    }
}
