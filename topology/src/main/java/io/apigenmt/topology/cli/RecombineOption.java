package io.apigenmt.topology.cli;

import io.apigenmt.topology.recombine.RecombinationPlan;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --recombine K}: reverse task recombination for the seeds a command publishes. */
final class RecombineOption {

    @Option(names = "--recombine", paramLabel = "K",
            description = "Also combine every K approved tasks of one customer into one longer task (K = 2.."
                    + RecombinationPlan.MAX_GROUP_SIZE + "); each seed then requests N + N/K tasks. Default: off.")
    Integer groupSize;

    /** @throws UsageException naming the flag when K is out of range */
    void validate() {
        if (groupSize != null && (groupSize < 2 || groupSize > RecombinationPlan.MAX_GROUP_SIZE)) {
            throw new UsageException("--recombine must be 2.." + RecombinationPlan.MAX_GROUP_SIZE + ", got " + groupSize);
        }
    }

    Map<String, String> seedOptions() {
        validate();
        return groupSize == null ? Map.of() : Map.of(RecombinationPlan.OPTION, groupSize.toString());
    }

    /** Ledger units one seed of {@code tasks} tasks requests. */
    int requestedTasks(int tasks) {
        return groupSize == null ? tasks : tasks + tasks / groupSize;
    }
}
