package io.apigenmt.topology.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.topology.pipeline.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Review Stage 1, the deterministic checks, in order: format, execution on a fresh environment
 * (recording the diff patch), policy over the execution trace. The first failing check ends the
 * review with every reason it found; the committee is not asked.
 */
public final class StageOneChecks {

    /** The outcome of Stage 1. */
    public sealed interface Result permits Passed, Failed {}

    /** @param diffPatch what the actions change, as the judges will see it */
    public record Passed(DiffPatch diffPatch, List<ToolCall> actions) implements Result {}

    /** @param check {@link Rejection#FORMAT}, {@link Rejection#EXECUTION} or {@link Rejection#POLICY} */
    public record Failed(Rejection check, List<String> reasons) implements Result {}

    private final ObjectMapper json;

    public StageOneChecks(ObjectMapper json) {
        this.json = json;
    }

    public Result check(Domain domain, Blueprint blueprint) {
        List<String> formatProblems = new ArrayList<>();
        List<ToolCall> actions = parseAndValidate(domain, blueprint, formatProblems);
        if (!formatProblems.isEmpty()) {
            return new Failed(Rejection.FORMAT, formatProblems);
        }

        Environment initial = domain.newEnvironment();
        Environment env = domain.newEnvironment();
        List<ExecutedCall> trace = new ArrayList<>();
        List<String> executionProblems = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            ToolCall call = actions.get(i);
            Observation obs = env.execute(call);
            trace.add(new ExecutedCall(call, obs));
            if (obs.error()) {
                executionProblems.add("action " + (i + 1) + " " + call.name() + " " + call.arguments() + " failed: " + obs.content());
            }
        }
        if (!executionProblems.isEmpty()) {
            return new Failed(Rejection.EXECUTION, executionProblems);
        }

        List<PolicyViolation> violations = domain.policyChecker().check(trace, initial);
        if (!violations.isEmpty()) {
            return new Failed(Rejection.POLICY, violations.stream().map(PolicyViolation::toString).toList());
        }
        return new Passed(env.diffFrom(initial), actions);
    }

    private List<ToolCall> parseAndValidate(Domain domain, Blueprint blueprint, List<String> problems) {
        if (blueprint.getInstruction() == null || blueprint.getInstruction().isBlank()) {
            problems.add("the instruction is empty");
        }
        if (blueprint.getActions().isEmpty()) {
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
            if (spec.get().terminates()) {
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
            for (String p : spec.get().validate(args)) {
                problems.add("action " + index + " " + action.getName() + ": " + p);
            }
            calls.add(new ToolCall(action.getName(), args));
        }
        if (blueprint.getActions().stream().noneMatch(a -> domain.tool(a.getName()).map(ToolSpec::isWrite).orElse(false))
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
