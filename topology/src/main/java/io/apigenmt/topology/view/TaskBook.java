package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Trajectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Per-task histories folded from the pipeline topics, for the viewer and {@code tasks.jsonl}.
 * Only tasks of the seeds {@code seedFilter} accepts; dead letters that settle no task
 * (undecodable bytes of no known task) are not tasks and stay in the dead-letter list only
 * (which, like dead-letters.jsonl, holds them whatever the filter).
 */
public final class TaskBook {

    private final Predicate<String> seedFilter;
    private final Map<String, TaskHistory> tasks = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public TaskBook(Predicate<String> seedFilter) {
        this.seedFilter = seedFilter;
    }

    public void onCandidate(Blueprint b) {
        if (seedFilter.test(b.getSeedId())) {
            task(b.getTaskId()).candidate(b);
        }
    }

    public void onRetry(RejectedBlueprint r) {
        if (seedFilter.test(r.getBlueprint().getSeedId())) {
            task(r.getBlueprint().getTaskId()).rejected(r);
        }
    }

    public void onApproved(ApprovedBlueprint a) {
        if (seedFilter.test(a.getBlueprint().getSeedId())) {
            task(a.getBlueprint().getTaskId()).approved(a);
        }
    }

    public void onVerified(Trajectory t) {
        if (seedFilter.test(t.getBlueprint().getSeedId())) {
            task(t.getTaskId()).verified(t);
        }
    }

    public void onDeadLetter(DeadLetter d) {
        if (d.getTasks() == 0) {
            deadLetters.add(d);
        } else if (seedFilter.test(d.getSeedId())) {
            deadLetters.add(d);
            task(d.getId()).deadLettered(d);
        }
    }

    public int size() {
        return tasks.size();
    }

    /** Every task as a tasks.jsonl line, in task-id order (numbers within ids compared as numbers). */
    public List<ObjectNode> toJson() {
        return tasks.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(TaskIds.ORDER))
                .map(e -> e.getValue().toJson())
                .toList();
    }

    /**
     * Every dead letter, as dead-letters.jsonl has them but without the original payload (the
     * viewer lists them; the payload is the whole input record again).
     */
    public List<ObjectNode> deadLettersJson() {
        return deadLetters.stream().map(d -> AvroJson.of(d, Set.of("payload", "payload_json", "options"))).toList();
    }

    private TaskHistory task(String taskId) {
        return tasks.computeIfAbsent(taskId, TaskHistory::new);
    }
}
