package io.apigenmt.topology.cli;

import io.apigenmt.topology.llm.Preflight;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The model endpoints' preflight ({@link Preflight}) as the commands use it, before any stage
 * takes work: {@code run} checks once and stops on a problem (exit 1, one line each, nothing
 * seeded); a worker waits until the endpoints pass, not ready meanwhile, as Kubernetes expects of
 * a pod whose dependency is not there yet (a vLLM still loading its weights): it is neither
 * restarted nor sent traffic, and becomes ready by itself. Either way the configuration comes
 * back with any model discovery applied, and discovery is said on the console.
 */
final class EndpointPreflight {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Waits before the next try; true when the command was asked to stop instead. */
    @FunctionalInterface
    interface Waiter {
        boolean stopRequested(Duration wait) throws InterruptedException;
    }

    /** The command was asked to stop while a worker waited for its endpoints. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped while waiting for the model endpoints");
        }
    }

    private EndpointPreflight() {
    }

    /** run: one check; problems throw {@link PreflightFailed}. */
    static PipelineConfig once(PipelineConfig config, Map<String, String> env, Consumer<String> console)
            throws InterruptedException {
        Preflight.Result result = Preflight.run(config.llm(), env::get);
        if (!result.passed()) {
            throw new PreflightFailed(result.problems());
        }
        result.notes().forEach(console);
        return config.withLlm(result.settings());
    }

    /**
     * worker: checks until the endpoints of {@code roles} (those its stages call) pass, backing
     * off from 1 s to 30 s; each new set of problems is printed once and handed to
     * {@code waiting} (the readiness endpoint's body).
     *
     * @throws Stopped when {@code waiter} reports a stop request
     */
    static PipelineConfig untilPassed(PipelineConfig config, Set<String> roles, Map<String, String> env,
                                      Consumer<String> console, Consumer<List<String>> waiting, Waiter waiter)
            throws InterruptedException {
        Duration wait = FIRST_RETRY;
        List<String> shown = List.of();
        while (true) {
            Preflight.Result result = Preflight.run(config.llm(), roles, env::get);
            if (result.passed()) {
                if (!shown.isEmpty()) {
                    console.accept("preflight: the model endpoints answer now");
                }
                result.notes().forEach(console);
                return config.withLlm(result.settings());
            }
            waiting.accept(result.problems());
            if (!result.problems().equals(shown)) {
                console.accept("preflight: not ready; waiting for the model endpoints (checked again every "
                        + MAX_RETRY.toSeconds() + " s at most):");
                result.problems().forEach(line -> console.accept("  " + line));
                shown = result.problems();
            }
            if (waiter.stopRequested(wait)) {
                throw new Stopped();
            }
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
        }
    }
}
