package io.apigenmt.domains;

import java.util.List;
import java.util.Optional;

/**
 * An executable tool environment family (e.g. retail, airline): what a seed's {@code domain}
 * field selects. Implementations are found by {@link DomainRegistry} through
 * {@link java.util.ServiceLoader}; register a new domain in
 * {@code META-INF/services/io.apigenmt.domains.Domain}.
 *
 * <p>Every method must be deterministic: two workers on different machines must see the same
 * database, the same tools and the same samples for the same seed.
 */
public interface Domain {

    /** The name seeds use, lower case, e.g. {@code retail}. */
    String name();

    /** The domain policy: the agent's system prompt and the reviewers' reference. */
    String policy();

    /** Every tool the agent may call, reads and writes alike. */
    List<ToolSpec> tools();

    default Optional<ToolSpec> tool(String name) {
        return tools().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A fresh environment on the domain's reference database. Must be cheap: rollouts create thousands. */
    Environment newEnvironment();

    /** Domain rules decidable from an action sequence and the database (review Stage 1). */
    PolicyChecker policyChecker();

    /** Samples the context a generator needs to propose a task. */
    ContextSampler contextSampler();

    /** Revision rounds allowed before a task is dropped (the paper: retail 3, airline 5). */
    int defaultAttemptBudget();

    /**
     * A short name of the reference database: workers that disagree on it would verify the same
     * task differently, so records carry it and stages compare. Empty: the domain makes no claim
     * (nothing is compared).
     */
    default Optional<String> dataFingerprint() {
        return Optional.empty();
    }
}
