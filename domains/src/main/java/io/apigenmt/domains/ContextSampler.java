package io.apigenmt.domains;

/** Samples what a generator needs to propose one task; deterministic per random seed. */
public interface ContextSampler {
    TaskContext sample(long randomSeed);
}
