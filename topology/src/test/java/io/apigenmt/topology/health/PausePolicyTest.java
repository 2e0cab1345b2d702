package io.apigenmt.topology.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stage pauses while any dependency it needs is down, and resumes when all answer. */
class PausePolicyTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedProbe generatorProbe = new ScriptedProbe();
    private final ScriptedProbe judgeProbe = new ScriptedProbe();
    private final Dependency generator = new Dependency("model 'gen' at http://a/v1", generatorProbe, scheduler,
            ScriptedProbe.fast(), Clock.systemUTC());
    private final Dependency judge = new Dependency("model 'judge' at http://b/v1", judgeProbe, scheduler,
            ScriptedProbe.fast(), Clock.systemUTC());
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Pausable stage = new Pausable() {
        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }
    };

    @AfterEach
    void stop() {
        generator.close();
        judge.close();
        scheduler.shutdownNow();
    }

    @Test
    void shouldPauseOnTheFirstOutageAndResumeWhenTheLastEnds() throws Exception {
        // Given a stage that needs both endpoints
        PausePolicy policy = new PausePolicy("regenerate", List.of(generator, judge, generator), stage, Clock.systemUTC());
        policy.start();
        assertThat(policy.needs()).containsExactly(generator, judge);
        assertThat(policy.current()).isEmpty();

        // When the generator goes down
        Problem refused = new Problem(Problem.Reason.UNREACHABLE, "model 'gen' at http://a/v1: connection refused");
        generatorProbe.down(refused);
        generator.check(System.nanoTime()).get(5, TimeUnit.SECONDS);

        // Then the stage pauses once, and says why
        assertThat(calls).containsExactly("pause");
        Pause pause = policy.current().orElseThrow();
        assertThat(pause.reasons()).containsExactly(Problem.Reason.UNREACHABLE);
        assertThat(pause.describe()).isEqualTo(refused.message());

        // When the judge goes down too, and then the generator comes back
        Problem busy = new Problem(Problem.Reason.SERVER_ERROR, "model 'judge' at http://b/v1: GET /models answered HTTP 503");
        judgeProbe.down(busy);
        judge.check(System.nanoTime()).get(5, TimeUnit.SECONDS);
        generatorProbe.up();
        await().atMost(Duration.ofSeconds(5)).until(generator::isUp);

        // Then it stays paused, for the judge alone
        assertThat(calls).containsExactly("pause");
        assertThat(policy.current().orElseThrow().reasons()).containsExactly(Problem.Reason.SERVER_ERROR);

        // When the judge answers again, it resumes, and the pause is history
        judgeProbe.up();
        await().atMost(Duration.ofSeconds(5)).until(() -> policy.current().isEmpty());
        assertThat(calls).containsExactly("pause", "resume");
        assertThat(policy.pauses()).isEqualTo(1);
        assertThat(policy.history()).hasSize(1);
        assertThat(policy.history().get(0).until()).isNotNull();
        assertThat(policy.pausedTotal()).isPositive();
    }

    @Test
    void shouldPauseAtStartWhenADependencyIsAlreadyDown() throws Exception {
        generatorProbe.down(new Problem(Problem.Reason.UNAUTHORIZED, "401 invalid API key"));
        generator.check(System.nanoTime()).get(5, TimeUnit.SECONDS);

        PausePolicy policy = new PausePolicy("generate", List.of(generator), stage, Clock.systemUTC());
        policy.start();

        assertThat(calls).containsExactly("pause");
        assertThat(policy.current()).isPresent();
    }

    @Test
    void shouldStopListeningWhenClosed() throws Exception {
        PausePolicy policy = new PausePolicy("generate", List.of(generator), stage, Clock.systemUTC());
        policy.start();
        policy.close();

        generatorProbe.down(new Problem(Problem.Reason.TIMEOUT, "no answer within 30 s"));
        generator.check(System.nanoTime()).get(5, TimeUnit.SECONDS);

        assertThat(calls).isEmpty();
    }
}
