package io.apigenmt.domains.sampling;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The paper's random walk over the write-action dependency graph: an edge A -> B means B may
 * follow A in one conversation. Each step proposes a call of a successor tool, executes it on a
 * private copy and keeps it only if it succeeds and the whole walk still satisfies the policy,
 * so every walk returned executes and passes the checker on a fresh environment.
 */
public final class WriteWalk {

    private final Supplier<DomainEnvironment> freshEnvironment;
    private final List<String> writeTools;
    private final Map<String, List<String>> successors;
    private final ActionProposer proposer;
    private final PolicyChecker checker;

    public WriteWalk(Supplier<DomainEnvironment> freshEnvironment, Map<String, List<String>> successors,
            ActionProposer proposer, PolicyChecker checker) {
        this.freshEnvironment = freshEnvironment;
        this.writeTools = successors.keySet().stream().sorted().toList();
        this.successors = successors;
        this.proposer = proposer;
        this.checker = checker;
    }

    /**
     * Whether {@code earlier} followed by {@code next} executes on a fresh environment and the
     * whole sequence satisfies the policy (e.g. two walks cancelling the same order do not).
     */
    public boolean runsAfter(List<ToolCall> earlier, List<ToolCall> next) {
        DomainEnvironment initial = freshEnvironment.get();
        DomainEnvironment env = freshEnvironment.get();
        List<ExecutedCall> trace = new ArrayList<>();
        for (ToolCall call : concat(earlier, next)) {
            Observation observation = env.execute(call);
            if (observation.error()) {
                return false;
            }
            trace.add(new ExecutedCall(call, observation));
        }
        return checker.check(trace, initial).isEmpty();
    }

    private static List<ToolCall> concat(List<ToolCall> first, List<ToolCall> second) {
        List<ToolCall> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Up to {@code maxLength} calls for the user; empty when no write fits the user at all. */
    public List<ToolCall> walk(String userId, int maxLength, Random random) {
        DomainEnvironment initial = freshEnvironment.get();
        DomainEnvironment current = freshEnvironment.get();
        List<ExecutedCall> trace = new ArrayList<>();
        String last = null;
        for (int step = 0; step < maxLength; step++) {
            List<String> options = new ArrayList<>(last == null ? writeTools : successors.getOrDefault(last, List.of()));
            Collections.shuffle(options, random);
            boolean extended = false;
            for (String tool : options) {
                Optional<ToolCall> call = proposer.propose(tool, userId, current.database(), random);
                if (call.isEmpty()) {
                    continue;
                }
                DomainEnvironment attempt = current.fork();
                Observation observation = attempt.execute(call.get());
                if (observation.error()) {
                    continue;
                }
                List<ExecutedCall> extendedTrace = new ArrayList<>(trace);
                extendedTrace.add(new ExecutedCall(call.get(), observation));
                if (!checker.check(extendedTrace, initial).isEmpty()) {
                    continue;
                }
                trace = extendedTrace;
                current = attempt;
                last = tool;
                extended = true;
                break;
            }
            if (!extended) {
                break;
            }
        }
        return trace.stream().map(ExecutedCall::call).toList();
    }
}
