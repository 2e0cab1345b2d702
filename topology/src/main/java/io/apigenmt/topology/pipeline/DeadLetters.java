package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Usage;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * Builds dead letters, the terminal record of a task (or seed) that could not be completed.
 * {@code tasks} is what the dead letter settles in the ledger: 1 for a task, 1 for a rejected
 * seed (which never became tasks), 0 for bytes that belong to no known task.
 */
public final class DeadLetters {

    private final String stage;
    private final Clock clock;

    public DeadLetters(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    /** A task that ran out of attempts or failed in a way that retrying cannot fix. */
    public DeadLetter forTask(String taskId, String seedId, String domain, String reason, String error,
                              int attempts, byte[] payload, Usage usage) {
        return base(taskId, reason, error, attempts, payload)
                .setSeedId(seedId == null ? "" : seedId)
                .setDomain(domain == null ? "" : domain)
                .setTasks(1)
                .setUsage(usage)
                .build();
    }

    /** A seed refused before fan-out: it settles itself as one unit. */
    public DeadLetter forSeed(String seedId, String domain, String reason, String error, byte[] payload) {
        return base(seedId, reason, error, 0, payload)
                .setSeedId(seedId == null ? "" : seedId)
                .setDomain(domain == null ? "" : domain)
                .setTasks(1)
                .build();
    }

    /**
     * Bytes that could not even be decoded: the id is the key, or where the record came from.
     * An undecodable seed settles one unit; undecodable bytes elsewhere belong to no known task.
     */
    public DeadLetter forUndecodable(String id, String reason, String error, byte[] payload, int settles) {
        return base(id, reason, error, 0, payload).setTasks(settles).build();
    }

    private DeadLetter.Builder base(String id, String reason, String error, int attempts, byte[] payload) {
        return DeadLetter.newBuilder()
                .setId(id)
                .setStage(stage)
                .setReason(reason)
                .setError(error == null ? "" : error)
                .setAttempts(attempts)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setAt(clock.millis());
    }
}
