package io.apigenmt.topology.sim;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.generate.BlueprintDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The review stage's Stage-1 checks as tests need them: which check, if any, rejects a draft. */
final class StageOneCheck {

    enum Verdict { PASS, FORMAT, EXECUTION, POLICY }

    record Result(Verdict verdict, List<String> reasons) {}

    private StageOneCheck() {}

    static Result check(Domain domain, BlueprintDraft draft) {
        List<String> format = new ArrayList<>(draft.outputProblems());
        for (ToolCall action : draft.actions()) {
            Optional<ToolSpec> tool = domain.tool(action.name());
            if (tool.isEmpty()) {
                format.add("unknown tool " + action.name());
            } else {
                format.addAll(tool.get().validate(action.arguments()));
            }
        }
        if (!format.isEmpty()) {
            return new Result(Verdict.FORMAT, format);
        }
        Environment initial = domain.newEnvironment();
        Environment env = domain.newEnvironment();
        List<PolicyChecker.ExecutedCall> trace = new ArrayList<>();
        for (ToolCall action : draft.actions()) {
            Observation observation = env.execute(action);
            if (observation.error()) {
                return new Result(Verdict.EXECUTION, List.of(action.name() + ": " + observation.content()));
            }
            trace.add(new PolicyChecker.ExecutedCall(action, observation));
        }
        List<PolicyViolation> violations = domain.policyChecker().check(trace, initial);
        if (!violations.isEmpty()) {
            return new Result(Verdict.POLICY, violations.stream().map(PolicyViolation::toString).toList());
        }
        return new Result(Verdict.PASS, List.of());
    }
}
