package io.apigenmt.topology.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who decides a dependency is down and up again: probes, never one failed call. */
class DependencyTest {

    private static final Problem REFUSED = new Problem(Problem.Reason.UNREACHABLE, "model 'm' at http://x/v1: connection refused");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedProbe probe = new ScriptedProbe();
    private final Dependency dependency = new Dependency("model 'm' at http://x/v1", probe, scheduler,
            ScriptedProbe.fast(), Clock.systemUTC());

    @AfterEach
    void stop() {
        dependency.close();
        scheduler.shutdownNow();
    }

    @Test
    void shouldBlameTheCallWhenTheProbeAnswers() throws Exception {
        // Given a dependency that answers its probe
        probe.up();

        // When a call failed after its retries
        Optional<Problem> verdict = dependency.check(System.nanoTime()).get(5, TimeUnit.SECONDS);

        // Then the failure is the call's, and the dependency stays up
        assertThat(verdict).isEmpty();
        assertThat(dependency.isUp()).isTrue();
        assertThat(probe.runs()).isEqualTo(1);
    }

    @Test
    void shouldNotProbeWhenACallSentAfterTheFailureSucceeded() throws Exception {
        long failedAt = System.nanoTime();
        dependency.answered(System.nanoTime());

        assertThat(dependency.check(failedAt).get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(probe.runs()).isZero();
    }

    @Test
    void shouldStillProbeWhenOnlyACallSentBeforeTheFailureSucceeded() throws Exception {
        // A call sent before the outage may come back fine while everything after it fails.
        long sentBefore = System.nanoTime();
        long failedAt = System.nanoTime();
        dependency.answered(sentBefore);
        probe.down(REFUSED);

        assertThat(dependency.check(failedAt).get(5, TimeUnit.SECONDS)).contains(REFUSED);
        assertThat(dependency.isUp()).isFalse();
    }

    @Test
    void shouldGoDownWhenEveryConfirmingProbeFailsThenUpWhenAProbeAnswers() throws Exception {
        // Given a dependency whose probes fail, and a listener
        List<Boolean> heard = new CopyOnWriteArrayList<>();
        dependency.addListener(d -> heard.add(d.isUp()));
        probe.down(REFUSED);

        // When a failed call asks
        Optional<Problem> verdict = dependency.check(System.nanoTime()).get(5, TimeUnit.SECONDS);

        // Then every confirming try failed, it is down with the probe's problem, and calls learn it without a probe
        assertThat(verdict).contains(REFUSED);
        assertThat(dependency.problem()).contains(REFUSED);
        assertThat(dependency.downSince()).isPresent();
        assertThat(dependency.unavailable()).get().extracting(Unavailable::problem).isEqualTo(REFUSED);
        assertThat(heard).containsExactly(false);
        int probesWhenDown = probe.runs();
        assertThat(probesWhenDown).isEqualTo(ScriptedProbe.fast().confirmAttempts());
        assertThat(dependency.check(System.nanoTime()).get(1, TimeUnit.SECONDS)).contains(REFUSED);

        // And it keeps probing until the dependency answers, then it is up and the listener hears it
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.runs() > probesWhenDown + 2);
        probe.up();
        await().atMost(Duration.ofSeconds(5)).until(dependency::isUp);
        assertThat(heard).containsExactly(false, true);
        Dependency.Stats stats = dependency.stats();
        assertThat(stats.downs()).isEqualTo(1);
        assertThat(stats.downTotal()).isPositive();
    }

    @Test
    void shouldStayUpWhenOneConfirmingTryFailsAndTheNextAnswers() throws Exception {
        // Given a probe that fails once (one unlucky answer), then answers
        Probe flaky = new Probe() {
            private int runs;

            @Override
            public synchronized CompletableFuture<Optional<Problem>> run() {
                return CompletableFuture.completedFuture(runs++ == 0 ? Optional.of(REFUSED) : Optional.empty());
            }
        };
        try (Dependency d = new Dependency("flaky", flaky, scheduler, ScriptedProbe.fast(), Clock.systemUTC())) {
            // Then a failed call is the call's fault and nothing pauses
            assertThat(d.check(System.nanoTime()).get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(d.isUp()).isTrue();
        }
    }

    @Test
    void shouldCountAThrowingProbeAsUnreachable() throws Exception {
        Probe broken = () -> {
            throw new IllegalStateException("no route");
        };
        try (Dependency d = new Dependency("broken", broken, scheduler, ScriptedProbe.fast(), Clock.systemUTC())) {
            Optional<Problem> verdict = d.check(System.nanoTime()).get(5, TimeUnit.SECONDS);
            assertThat(verdict).get().extracting(Problem::reason).isEqualTo(Problem.Reason.UNREACHABLE);
            assertThat(verdict.get().message()).contains("broken").contains("no route");
        }
    }

    @Test
    void shouldFindAnUnavailableWrappedInOtherExceptions() {
        Unavailable down = new Unavailable(dependency, REFUSED);
        RuntimeException wrapped = new RuntimeException("call failed", new IllegalStateException("layer", down));

        assertThat(Unavailable.in(wrapped)).containsSame(down);
        assertThat(Unavailable.in(new RuntimeException("a 400"))).isEmpty();
        assertThat(down.getMessage()).isEqualTo("down: " + REFUSED.message());
    }
}
