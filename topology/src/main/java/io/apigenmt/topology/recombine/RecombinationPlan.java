package io.apigenmt.topology.recombine;

import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.pipeline.Membership;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A seed's request for reverse task recombination (seed option {@code recombine=K}): every K
 * consecutive tasks form a group that shares one customer, and each complete group adds one
 * combined, longer task built from its members' approved blueprints. A seed of N tasks thus
 * requests N + N/K tasks; the N mod K tasks left over belong to no group.
 *
 * @param groupSize    K, 2..{@link #MAX_GROUP_SIZE}
 * @param customerSalt the seed's random seed: fixes each group's customer
 */
public record RecombinationPlan(int groupSize, long customerSalt) {

    /** The seed option: how many approved blueprints make one combined task. */
    public static final String OPTION = "recombine";
    /** Longer combinations rarely survive the policy check, and the conversation grows with every member. */
    public static final int MAX_GROUP_SIZE = 4;

    /**
     * The plan a seed asks for, if any.
     *
     * @throws IllegalArgumentException when the option is not a whole number in 2..{@value #MAX_GROUP_SIZE}
     */
    public static Optional<RecombinationPlan> of(SeedRequest seed) {
        String value = seed.getOptions().get(OPTION);
        if (value == null) {
            return Optional.empty();
        }
        int size;
        try {
            size = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 2 || size > MAX_GROUP_SIZE) {
            throw new IllegalArgumentException("option " + OPTION + " must be a whole number from 2 to " + MAX_GROUP_SIZE
                    + ", got '" + value + "'");
        }
        return Optional.of(new RecombinationPlan(size, seed.getRandomSeed()));
    }

    /** Combined tasks a seed of {@code tasks} tasks adds: one per complete group. */
    public int combinedTasks(int tasks) {
        return tasks / groupSize;
    }

    /** The options of the {@code index}-th task: the seed's, plus its group when it is in a complete one. */
    public Map<String, String> taskOptions(String seedId, Map<String, String> seedOptions, int index, int tasks) {
        int group = index / groupSize;
        if (group >= combinedTasks(tasks)) {
            return seedOptions;
        }
        Map<String, String> options = new HashMap<>(seedOptions);
        new Membership(Membership.groupId(seedId, group), groupSize, index % groupSize)
                .writeTo(options, customerSalt * 31 + group);
        return options;
    }
}
