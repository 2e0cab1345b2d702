package io.apigenmt.topology.pipeline;

import io.apigenmt.domains.TaskContext;
import io.apigenmt.topology.environment.DescribedDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A task's place in a recombination group, carried in the options of every record about it
 * (task request, blueprints, dead letter), so the recombine stage can follow the group from the
 * topics alone. Part of the records' contract rather than of the recombine stage: generate and
 * regenerate sample a member's context by it, the ledger counts combined tasks by it, and
 * recombine's plan writes it.
 *
 * @param groupId   the combined task's task_id
 * @param groupSize how many members the group waits for
 * @param member    this task's place in the group, 0-based
 */
public record Membership(String groupId, int groupSize, int member) {

    private static final String GROUP = "recombine.group";
    private static final String GROUP_SIZE = "recombine.group_size";
    private static final String MEMBER = "recombine.member";
    /** Kept by members and by the combined task, so a revision samples the same customer. */
    private static final String CUSTOMER_SEED = "recombine.customer_seed";
    /** On a combined task: its members' task ids, comma-separated. */
    public static final String COMBINED_FROM = "recombined_from";

    /** The combined task of a seed's {@code group}-th group. */
    public static String groupId(String seedId, int group) {
        return seedId + "-c" + group;
    }

    /** The membership these options record, if they record a well-formed one. */
    public static Optional<Membership> of(Map<String, String> options) {
        String group = options.get(GROUP);
        if (group == null) {
            return Optional.empty();
        }
        try {
            int size = Integer.parseInt(options.getOrDefault(GROUP_SIZE, ""));
            int member = Integer.parseInt(options.getOrDefault(MEMBER, ""));
            return member >= 0 && member < size ? Optional.of(new Membership(group, size, member)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records this membership, and the seed of the group's shared customer, in a member's options. */
    public void writeTo(Map<String, String> options, long customerSeed) {
        options.put(GROUP, groupId);
        options.put(GROUP_SIZE, Integer.toString(groupSize));
        options.put(MEMBER, Integer.toString(member));
        options.put(CUSTOMER_SEED, Long.toString(customerSeed));
    }

    /**
     * The options of a combined task built from a member's: no member place any more, the
     * members' task ids instead (the customer seed stays, so revisions sample the same customer).
     */
    public static Map<String, String> combined(Map<String, String> memberOptions, List<String> memberTaskIds) {
        Map<String, String> options = Redrives.without(memberOptions);
        options.remove(GROUP);
        options.remove(GROUP_SIZE);
        options.remove(MEMBER);
        options.put(COMBINED_FROM, String.join(",", memberTaskIds));
        return options;
    }

    /** Whether these options mark a combined task. */
    public static boolean isCombined(Map<String, String> options) {
        return options.containsKey(COMBINED_FROM);
    }

    /**
     * The context of a task: a group member gets its share of the group's customer and walks
     * ({@link DescribedDomain#memberContext}); a combined task, which has no member place, that of
     * its first member; any other task samples from its own seed.
     */
    public static CompletableFuture<TaskContext> context(DescribedDomain domain, long randomSeed, Map<String, String> options) {
        try {
            if (options.containsKey(CUSTOMER_SEED)) {
                return domain.memberContext(Long.parseLong(options.get(CUSTOMER_SEED)),
                        Integer.parseInt(options.getOrDefault(MEMBER, "0")));
            }
        } catch (NumberFormatException e) {
            // Not ours (a hand-written option): sample as for any task.
        }
        return domain.context(randomSeed);
    }
}
