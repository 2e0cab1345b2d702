package io.apigenmt.topology.fanout;

import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.Redrives;
import io.apigenmt.topology.recombine.RecombinationPlan;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides whether a seed record is accepted. Shared by the fan-out stage and the ledger, so
 * both count a seed the same way: an accepted seed requests {@code tasks} tasks, a refused one
 * settles as one dead letter.
 */
public final class SeedCheck {

    /** The outcome for one seed record. */
    public sealed interface Outcome permits Accepted, Refused {}

    /** @param recombination the seed's reverse-task-recombination plan, if it asks for one */
    public record Accepted(SeedRequest seed, Optional<RecombinationPlan> recombination) implements Outcome {

        /** Ledger units the seed requests: its tasks plus the combined tasks its groups add. */
        public int requestedTasks() {
            return seed.getTasks() + recombination.map(plan -> plan.combinedTasks(seed.getTasks())).orElse(0);
        }
    }

    /** @param seed the decoded seed when decoding got that far, else null */
    public record Refused(DeadLetterReason reason, String error, SeedRequest seed) implements Outcome {}

    private final Set<String> domains;
    private final int maxTasks;
    private final int maxPayloadBytes;

    /** @param domains the names of the domains served: built-in and remote */
    public SeedCheck(Set<String> domains, int maxTasks, int maxPayloadBytes) {
        this.domains = Set.copyOf(domains);
        this.maxTasks = maxTasks;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** @param decode turns bytes into a seed or throws with a short reason */
    public Outcome check(byte[] bytes, Function<byte[], SeedRequest> decode) {
        if (bytes == null) {
            return new Refused(DeadLetterReason.UNDECODABLE, "empty record (null value)", null);
        }
        if (bytes.length > maxPayloadBytes) {
            return new Refused(DeadLetterReason.PAYLOAD_TOO_LARGE,
                    "seed record of " + bytes.length + " bytes exceeds the limit of " + maxPayloadBytes, null);
        }
        SeedRequest seed;
        try {
            seed = decode.apply(bytes);
        } catch (RuntimeException e) {
            return new Refused(DeadLetterReason.UNDECODABLE, "not a SeedRequest: " + e.getMessage(), null);
        }
        if (seed.getSeedId() == null || seed.getSeedId().isBlank()) {
            return new Refused(DeadLetterReason.INVALID_SEED, "seed_id is empty", seed);
        }
        if (seed.getDomain() == null || !domains.contains(seed.getDomain())) {
            return new Refused(DeadLetterReason.UNKNOWN_DOMAIN,
                    "unknown domain '" + seed.getDomain() + "'; known: " + String.join(", ", new TreeSet<>(domains)), seed);
        }
        if (seed.getTasks() <= 0) {
            return new Refused(DeadLetterReason.INVALID_TASK_COUNT, "tasks must be at least 1, got " + seed.getTasks(),
                    seed);
        }
        if (seed.getTasks() > maxTasks) {
            return new Refused(DeadLetterReason.TOO_MANY_TASKS,
                    "tasks " + seed.getTasks() + " exceeds the per-seed cap of " + maxTasks, seed);
        }
        if (!seed.getGivenTasks().isEmpty() && seed.getGivenTasks().size() != seed.getTasks()) {
            return new Refused(DeadLetterReason.INVALID_SEED, "tasks is " + seed.getTasks() + " but the seed carries "
                    + seed.getGivenTasks().size() + " given tasks", seed);
        }
        if (!seed.getGivenTasks().isEmpty() && seed.getOptions().containsKey(RecombinationPlan.OPTION)) {
            return new Refused(DeadLetterReason.INVALID_OPTION, "given tasks are rolled out as given and cannot be "
                    + "recombined (option " + RecombinationPlan.OPTION + ")", seed);
        }
        String reserved = seed.getOptions().keySet().stream().filter(Redrives::isReserved).findFirst().orElse(null);
        if (reserved != null) {
            // The pipeline writes these itself when it redrives a task; a seed must not forge them.
            return new Refused(DeadLetterReason.INVALID_OPTION, "option " + reserved + " is reserved: options starting with "
                    + Redrives.PREFIX + " are written by apigen redrive", seed);
        }
        try {
            return new Accepted(seed, RecombinationPlan.of(seed));
        } catch (IllegalArgumentException e) {
            return new Refused(DeadLetterReason.INVALID_OPTION, e.getMessage(), seed);
        }
    }
}
