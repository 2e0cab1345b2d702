package io.apigenmt.topology.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.pipeline.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Review Stage 1, the deterministic checks, in order: format, execution on a fresh episode
 * (recording the diff patch), policy over the execution trace (when the domain's environment has
 * the {@code policy} capability; otherwise the check is skipped and the outcome says so). The
 * first failing check ends the review with every reason it found; the committee is not asked.
 * Asynchronous: an episode of a remote environment is called over HTTP, and no thread waits.
 */
public final class StageOneChecks {

    /** The outcome of Stage 1. */
    public sealed interface Result permits Passed, Failed {}

    /**
     * @param diffPatch what the actions change, as the judges will see it
     * @param skipped   checks the domain's environment could not run (e.g. {@link Rejection#POLICY})
     */
    public record Passed(DiffPatch diffPatch, List<ToolCall> actions, List<Rejection> skipped) implements Result {

        public Passed {
            skipped = List.copyOf(skipped);
        }
    }

    /** @param check {@link Rejection#FORMAT}, {@link Rejection#EXECUTION} or {@link Rejection#POLICY} */
    public record Failed(Rejection check, List<String> reasons) implements Result {}

    private final ObjectMapper json;

    public StageOneChecks(ObjectMapper json) {
        this.json = json;
    }

    /** Fails only with an environment's failure ({@link io.apigenmt.topology.environment.EnvironmentException}). */
    public CompletableFuture<Result> check(DescribedDomain domain, Blueprint blueprint) {
        return check(domain, blueprint, true, true);
    }

    /**
     * The checks of a given task (tasks file), as lenient as tau-bench's ground truth needs: known
     * tools with object arguments, but no schema types (tau-bench binds keyword arguments without
     * checking types), reads and a final transfer allowed, no write required (a task may be "do
     * nothing"); execution must not fail; the policy only when {@code policy} asks.
     */
    public CompletableFuture<Result> checkGiven(DescribedDomain domain, Blueprint blueprint, boolean policy) {
        return check(domain, blueprint, false, policy);
    }

    private CompletableFuture<Result> check(DescribedDomain domain, Blueprint blueprint, boolean strict, boolean policy) {
        List<String> formatProblems = new ArrayList<>();
        List<ToolCall> actions = parseAndValidate(domain, blueprint, formatProblems, strict);
        if (!formatProblems.isEmpty()) {
            return CompletableFuture.completedFuture(new Failed(Rejection.FORMAT, formatProblems));
        }
        return domain.openEpisode().thenCompose(episode -> {
            List<ExecutedCall> trace = new ArrayList<>();
            List<String> executionProblems = new ArrayList<>();
            CompletableFuture<Result> result = execute(episode, actions, 0, trace, executionProblems)
                    .thenCompose(executed -> executionProblems.isEmpty()
                            ? policy(domain, episode, actions, trace, policy)
                            : CompletableFuture.completedFuture(new Failed(Rejection.EXECUTION, executionProblems)));
            return result.whenComplete((r, e) -> episode.close());
        });
    }

    /** Runs the actions one after another; every failing one is a problem, and the rest still run. */
    private static CompletableFuture<Void> execute(AsyncEpisode episode, List<ToolCall> actions, int i, List<ExecutedCall> trace,
                                                   List<String> problems) {
        if (i == actions.size()) {
            return CompletableFuture.completedFuture(null);
        }
        ToolCall call = actions.get(i);
        return episode.call(call).thenCompose(obs -> {
            trace.add(new ExecutedCall(call, obs));
            if (obs.error()) {
                problems.add("action " + (i + 1) + " " + call.name() + " " + call.arguments() + " failed: " + obs.content());
            }
            return execute(episode, actions, i + 1, trace, problems);
        });
    }

    /** The policy check when {@code wanted}; one the environment cannot run is passed and named as skipped. */
    private static CompletableFuture<Result> policy(DescribedDomain domain, AsyncEpisode episode, List<ToolCall> actions,
                                                    List<ExecutedCall> trace, boolean wanted) {
        if (!wanted) {
            return episode.state().thenApply(state -> new Passed(state.diff(), actions, List.of()));
        }
        if (!domain.offers(Capability.POLICY)) {
            return episode.state().thenApply(state -> new Passed(state.diff(), actions, List.of(Rejection.POLICY)));
        }
        return domain.checkPolicy(trace).thenCompose(violations -> violations.isEmpty()
                ? episode.state().thenApply(state -> (Result) new Passed(state.diff(), actions, List.of()))
                : CompletableFuture.completedFuture(
                        new Failed(Rejection.POLICY, violations.stream().map(PolicyViolation::toString).toList())));
    }

    private List<ToolCall> parseAndValidate(DescribedDomain domain, Blueprint blueprint, List<String> problems, boolean strict) {
        if (blueprint.getInstruction() == null || blueprint.getInstruction().isBlank()) {
            problems.add("the instruction is empty");
        }
        if (strict && blueprint.getActions().isEmpty()) {
            problems.add("there are no actions: a task must change the database");
        }
        List<ToolCall> calls = new ArrayList<>();
        int index = 0;
        for (Action action : blueprint.getActions()) {
            index++;
            Optional<ToolSpec> spec = domain.tool(action.getName());
            if (spec.isEmpty()) {
                problems.add("action " + index + ": unknown tool '" + action.getName() + "'");
                continue;
            }
            if (strict && spec.get().terminates()) {
                problems.add("action " + index + ": " + action.getName() + " ends the conversation and cannot be a ground-truth action");
                continue;
            }
            JsonNode args;
            try {
                args = json.readTree(action.getArgumentsJson());
            } catch (Exception e) {
                problems.add("action " + index + " " + action.getName() + ": arguments are not JSON");
                continue;
            }
            if (args == null || !args.isObject()) {
                problems.add("action " + index + " " + action.getName() + ": arguments must be a JSON object");
                continue;
            }
            for (String p : strict ? spec.get().validate(args) : List.<String>of()) {
                problems.add("action " + index + " " + action.getName() + ": " + p);
            }
            calls.add(new ToolCall(action.getName(), args));
        }
        if (strict && blueprint.getActions().stream().noneMatch(a -> domain.tool(a.getName()).map(ToolSpec::isWrite).orElse(false))
                && !blueprint.getActions().isEmpty()) {
            problems.add("no action writes to the database: the ground truth must contain at least one write");
        }
        for (int i = 0; i < blueprint.getOutputs().size(); i++) {
            if (blueprint.getOutputs().get(i).isBlank()) {
                problems.add("output " + (i + 1) + " is empty");
            }
        }
        return calls;
    }
}
