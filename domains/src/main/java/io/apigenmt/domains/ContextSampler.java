package io.apigenmt.domains;

/** Samples what a generator needs to propose one task; deterministic per random seed. */
public interface ContextSampler {

    TaskContext sample(long randomSeed);

    /**
     * The context of the {@code member}-th task of a group about the customer {@code customerSeed}
     * picks: the members share the customer, and each member's walk executes on its own and also
     * after the earlier members' walks (as far as the sampler finds one), so their blueprints can
     * be recombined into one longer task.
     */
    TaskContext sampleMember(long customerSeed, int member);
}
