package io.apigenmt.topology.given;

import io.apigenmt.schemas.GivenTask;
import io.apigenmt.schemas.SeedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeds that carry a tasks file's tasks: one or more per domain, in file order, each under a
 * byte budget and the per-seed task cap, so a file of any length (tau-bench's 635 retail tasks)
 * rides on records far below the payload limit. Seed ids are {@code <base>-<domain>-<n>}, n from 1;
 * task ids then follow the usual {@code <seed_id>-<index>}, and each task keeps its file id.
 */
public final class GivenSeeds {

    /** The most given tasks one seed carries, in bytes, whatever the payload limit (brokers refuse 1 MB records by default). */
    static final int MAX_SEED_BYTES = 512 * 1024;

    private GivenSeeds() {}

    /** The byte budget of one seed's given tasks: half the payload limit (headroom for the record around them), at most 512 KB. */
    public static int seedBudget(int maxPayloadBytes) {
        return Math.min(maxPayloadBytes / 2, MAX_SEED_BYTES);
    }

    /**
     * @param maxSeedBytes the budget of the given tasks on one seed (their encoded sizes summed)
     * @param maxTasks     the most tasks on one seed (fanout.max_tasks_per_seed)
     */
    public static List<SeedRequest> plan(List<GivenTaskFile.Line> tasks, String baseId, long randomSeed,
                                         Map<String, String> options, int maxSeedBytes, int maxTasks) {
        Map<String, List<List<GivenTask>>> byDomain = new LinkedHashMap<>();
        Map<String, Integer> bytes = new LinkedHashMap<>();
        for (GivenTaskFile.Line line : tasks) {
            List<List<GivenTask>> chunks = byDomain.computeIfAbsent(line.domain(), d -> new ArrayList<>());
            int size = GivenTaskFile.size(line.task());
            List<GivenTask> open = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (open == null || open.size() >= maxTasks || bytes.get(line.domain()) + size > maxSeedBytes) {
                open = new ArrayList<>();
                chunks.add(open);
                bytes.put(line.domain(), 0);
            }
            open.add(line.task());
            bytes.merge(line.domain(), size, Integer::sum);
        }
        List<SeedRequest> seeds = new ArrayList<>();
        byDomain.forEach((domain, chunks) -> {
            for (int i = 0; i < chunks.size(); i++) {
                List<GivenTask> given = chunks.get(i);
                seeds.add(SeedRequest.newBuilder()
                        .setSeedId(baseId + "-" + domain + "-" + (i + 1))
                        .setDomain(domain)
                        .setTasks(given.size())
                        .setRandomSeed(randomSeed)
                        .setOptions(options)
                        .setGivenTasks(given)
                        .build());
            }
        });
        return seeds;
    }
}
