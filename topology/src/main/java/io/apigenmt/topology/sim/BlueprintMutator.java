package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Builds wrong action sequences from a valid walk, generically, by asking the domain itself
 * which mutations break what: every candidate is executed on a fresh environment and checked
 * by the domain's policy checker, so a "policy defect" is one the policy check really catches
 * and an "execution defect" one that really fails. No domain knowledge lives here.
 *
 * <p>Mutations: duplicate an action; append another user's action; swap an argument value for
 * a value of the same shape (digits and letters collapsed) taken from this user's record,
 * other users' records or the tool's enum; nudge a number; replace an id's digits.
 */
final class BlueprintMutator {

    /** Enough to find a defect in practice while keeping one generator answer to a few ms. */
    private static final int MAX_EVALUATIONS = 150;
    private static final int OTHER_USERS = 2;
    /** Other users come from a small fixed set of seeds, so a caller can memoize their (slow) sampling. */
    static final int OTHER_SEEDS = 64;

    enum Outcome { VALID, EXECUTION_FAILS, POLICY_VIOLATED }

    record Evaluated(List<ToolCall> actions, Outcome outcome, String detail) {}

    private final Domain domain;
    private final TaskContext context;
    private final SplittableRandom random;
    private final LongFunction<TaskContext> sampler;
    private List<TaskContext> others;

    /**
     * @param sampler the domain's context sampler, possibly memoized: other users' contexts are
     *                drawn from it with seeds in [0, {@link #OTHER_SEEDS})
     */
    BlueprintMutator(Domain domain, TaskContext context, SplittableRandom random, LongFunction<TaskContext> sampler) {
        this.domain = domain;
        this.context = context;
        this.random = random;
        this.sampler = sampler;
    }

    /** A walk that executes but violates the policy, if one can be found. */
    Optional<Evaluated> policyDefect() {
        return search(Outcome.POLICY_VIOLATED, policyCandidates());
    }

    /** A walk in which some call fails: an id that does not exist, preferably. */
    Optional<Evaluated> executionDefect() {
        List<List<ToolCall>> candidates = new ArrayList<>(missingIdCandidates());
        candidates.addAll(policyCandidates());
        return search(Outcome.EXECUTION_FAILS, candidates);
    }

    /** A walk whose arguments differ from the valid one somewhere (no execution needed). */
    Optional<List<ToolCall>> changedArguments() {
        List<List<ToolCall>> candidates = substitutions();
        candidates.addAll(missingIdCandidates());
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    Evaluated evaluate(List<ToolCall> actions) {
        Environment initial = domain.newEnvironment();
        Environment env = domain.newEnvironment();
        List<PolicyChecker.ExecutedCall> trace = new ArrayList<>();
        for (ToolCall call : actions) {
            Observation observation = env.execute(call);
            if (observation.error()) {
                return new Evaluated(actions, Outcome.EXECUTION_FAILS, call.name() + ": " + observation.content());
            }
            trace.add(new PolicyChecker.ExecutedCall(call, observation));
        }
        List<PolicyViolation> violations = domain.policyChecker().check(trace, initial);
        return violations.isEmpty()
                ? new Evaluated(actions, Outcome.VALID, "")
                : new Evaluated(actions, Outcome.POLICY_VIOLATED, violations.get(0).toString());
    }

    private Optional<Evaluated> search(Outcome wanted, List<List<ToolCall>> candidates) {
        int evaluated = 0;
        for (List<ToolCall> candidate : candidates) {
            if (evaluated++ >= MAX_EVALUATIONS) {
                break;
            }
            Evaluated result = evaluate(candidate);
            if (result.outcome() == wanted) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------ candidate families

    /**
     * Duplicated actions first (policies are about sequences), then a share of the
     * substitutions, then other users' actions, then the remaining substitutions: every family
     * gets a chance within the evaluation budget.
     */
    private List<List<ToolCall>> policyCandidates() {
        List<ToolCall> walk = context.suggestedActions();
        List<List<ToolCall>> duplicates = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            List<ToolCall> twice = new ArrayList<>(walk);
            twice.add(i + 1, walk.get(i));
            duplicates.add(twice);
        }
        List<List<ToolCall>> foreign = new ArrayList<>();
        for (TaskContext other : others()) {
            for (ToolCall action : other.suggestedActions()) {
                List<ToolCall> extended = new ArrayList<>(walk);
                extended.add(action);
                foreign.add(extended);
            }
        }
        Collections.shuffle(duplicates, new Random(random.nextLong()));
        Collections.shuffle(foreign, new Random(random.nextLong()));
        List<List<ToolCall>> substitutions = substitutions();
        int head = Math.min(substitutions.size(), MAX_EVALUATIONS / 2);
        List<List<ToolCall>> all = new ArrayList<>(duplicates);
        all.addAll(substitutions.subList(0, head));
        all.addAll(foreign);
        all.addAll(substitutions.subList(head, substitutions.size()));
        return all;
    }

    /** Same walk, one id-like string with its digits replaced: almost surely an unknown id. */
    private List<List<ToolCall>> missingIdCandidates() {
        List<List<ToolCall>> out = new ArrayList<>();
        List<ToolCall> walk = context.suggestedActions();
        for (int i = 0; i < walk.size(); i++) {
            for (Leaf leaf : leaves(walk.get(i).arguments(), "")) {
                if (leaf.value().isTextual() && leaf.value().asText().matches(".*\\d{3,}.*")) {
                    String scrambled = scrambleDigits(leaf.value().asText());
                    out.add(replace(walk, i, leaf.path(), new TextNode(scrambled)));
                }
            }
        }
        Collections.shuffle(out, new Random(random.nextLong()));
        return out;
    }

    /** One argument leaf of one action set to another value. */
    private record Substitution(int action, String path, JsonNode value) {}

    /**
     * Same-shape values from this and other users' records, enum alternatives, numbers +-1;
     * shuffled, and only the first {@link #MAX_EVALUATIONS} materialized (a record can offer
     * thousands).
     */
    private List<List<ToolCall>> substitutions() {
        List<ToolCall> walk = context.suggestedActions();
        Set<String> pool = new LinkedHashSet<>();
        collectStrings(context.user(), pool);
        for (TaskContext other : others()) {
            collectStrings(other.user(), pool);
            other.suggestedActions().forEach(a -> collectStrings(a.arguments(), pool));
        }
        Map<String, List<String>> byShape = new HashMap<>();
        for (String value : pool) {
            byShape.computeIfAbsent(shape(value), k -> new ArrayList<>()).add(value);
        }
        List<Substitution> found = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            ToolCall call = walk.get(i);
            JsonNode properties = domain.tool(call.name()).map(ToolSpec::parameters).map(p -> p.path("properties")).orElse(null);
            for (Leaf leaf : leaves(call.arguments(), "")) {
                JsonNode value = leaf.value();
                if (value.isTextual()) {
                    for (String candidate : byShape.getOrDefault(shape(value.asText()), List.of())) {
                        if (!candidate.equals(value.asText())) {
                            found.add(new Substitution(i, leaf.path(), new TextNode(candidate)));
                        }
                    }
                    JsonNode allowed = properties == null ? null : properties.path(topName(leaf.path())).path("enum");
                    if (allowed != null && allowed.isArray()) {
                        for (JsonNode option : allowed) {
                            if (!option.equals(value)) {
                                found.add(new Substitution(i, leaf.path(), option));
                            }
                        }
                    }
                } else if (value.isIntegralNumber()) {
                    found.add(new Substitution(i, leaf.path(), IntNode.valueOf(value.asInt() + 1)));
                    if (value.asInt() > 0) {
                        found.add(new Substitution(i, leaf.path(), IntNode.valueOf(value.asInt() - 1)));
                    }
                }
            }
        }
        Collections.shuffle(found, new Random(random.nextLong()));
        List<List<ToolCall>> out = new ArrayList<>();
        for (Substitution sub : found.subList(0, Math.min(found.size(), MAX_EVALUATIONS))) {
            out.add(replace(walk, sub.action(), sub.path(), sub.value()));
        }
        return out;
    }

    /** A couple of other users' contexts, sampled deterministically from this request's random. */
    private List<TaskContext> others() {
        if (others == null) {
            others = new ArrayList<>();
            for (int i = 0; i < OTHER_USERS; i++) {
                TaskContext other = sampler.apply(random.nextInt(OTHER_SEEDS));
                if (!other.userId().equals(context.userId())) {
                    others.add(other);
                }
            }
        }
        return others;
    }

    // ------------------------------------------------------------ JSON helpers

    /** A leaf value and its path: object keys and array indexes separated by '/'. */
    record Leaf(String path, JsonNode value) {}

    static List<Leaf> leaves(JsonNode node, String path) {
        List<Leaf> out = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.addAll(leaves(f.getValue(), path.isEmpty() ? f.getKey() : path + "/" + f.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(leaves(node.get(i), path + "/" + i));
            }
        } else {
            out.add(new Leaf(path, node));
        }
        return out;
    }

    private static String topName(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** The walk with one argument leaf replaced (the original is not touched). */
    static List<ToolCall> replace(List<ToolCall> walk, int index, String path, JsonNode value) {
        List<ToolCall> out = new ArrayList<>(walk);
        JsonNode args = walk.get(index).arguments().deepCopy();
        String[] parts = path.split("/");
        JsonNode parent = args;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else if (parent instanceof ObjectNode object) {
            object.set(last, value);
        }
        out.set(index, new ToolCall(walk.get(index).name(), args));
        return out;
    }

    private static void collectStrings(JsonNode node, Set<String> pool) {
        for (Leaf leaf : leaves(node, "")) {
            if (leaf.value().isTextual() && leaf.value().asText().chars().anyMatch(Character::isDigit)) {
                pool.add(leaf.value().asText());
            }
        }
    }

    /** Letter/underscore runs become 'a', digit runs '9', other characters stay: "#W123" -> "#a9". */
    static String shape(String s) {
        StringBuilder out = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char k = Character.isDigit(c) ? '9' : (Character.isLetter(c) || c == '_') ? 'a' : c;
            if (k != previous || (k != '9' && k != 'a')) {
                out.append(k);
            }
            previous = k;
        }
        return out.toString();
    }

    private String scrambleDigits(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(Character.isDigit(c) ? (char) ('0' + random.nextInt(10)) : c);
        }
        String result = out.toString();
        return result.equals(s) ? s + "0" : result;
    }
}
