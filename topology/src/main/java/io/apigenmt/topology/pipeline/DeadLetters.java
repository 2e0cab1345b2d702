package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Usage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;

/**
 * Builds dead letters, the terminal record of a task (or seed) that could not be completed.
 * {@code tasks} is what the dead letter settles in the ledger: 1 for a task, 1 for a rejected
 * seed (which never became tasks), 0 for bytes that belong to no known task.
 */
public final class DeadLetters {

    /** Original bytes kept in a dead letter; larger inputs are cut (and the error says so). */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final String stage;
    private final Clock clock;

    public DeadLetters(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    /** A task that ran out of attempts or failed in a way that retrying cannot fix. */
    public DeadLetter forTask(String taskId, String seedId, String domain, DeadLetterReason reason, String error,
                              int attempts, byte[] payload, Usage usage) {
        return task(taskId, seedId, domain, reason, error, attempts, payload, usage).build();
    }

    /** {@code letter}, marked with the {@link ModelFault} of the model failure that ended its task, if it was one. */
    public static DeadLetter withFault(DeadLetter letter, Throwable cause) {
        letter.setFault(ModelFault.wireOf(cause));
        return letter;
    }

    /** A task that ended before its first blueprint. */
    public DeadLetter forTask(TaskRequest task, DeadLetterReason reason, String error, int attempts, byte[] payload,
                              Usage usage) {
        return task(task.getTaskId(), task.getSeedId(), task.getDomain(), reason, error, attempts, payload, usage)
                .setOptions(task.getOptions())
                .build();
    }

    /** A task that ended with this blueprint: its attempts and the usage it carries. */
    public DeadLetter forBlueprint(Blueprint b, DeadLetterReason reason, String error, byte[] payload) {
        return task(b.getTaskId(), b.getSeedId(), b.getDomain(), reason, error, b.getAttempt(), payload, b.getUsage())
                .setOptions(b.getOptions())
                .build();
    }

    private DeadLetter.Builder task(String taskId, String seedId, String domain, DeadLetterReason reason, String error,
                                    int attempts, byte[] payload, Usage usage) {
        return base(taskId, reason, error, attempts, payload)
                .setSeedId(seedId == null ? "" : seedId)
                .setDomain(domain == null ? "" : domain)
                .setTasks(1)
                .setUsage(usage);
    }

    /** A seed refused before fan-out: it settles itself as one unit. */
    public DeadLetter forSeed(String seedId, String domain, DeadLetterReason reason, String error, byte[] payload) {
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
    public DeadLetter forUndecodable(String id, DeadLetterReason reason, String error, byte[] payload, int settles) {
        return base(id, reason, error, 0, payload).setTasks(settles).build();
    }

    /**
     * Bytes that are not the {@code expected} record type a stage reads: {@code undecodable},
     * belonging to no known task.
     */
    public DeadLetter undecodable(String id, String expected, RuntimeException cause, byte[] payload) {
        return forUndecodable(id, DeadLetterReason.UNDECODABLE, "not a " + expected + ": " + cause.getMessage(),
                payload, 0);
    }

    private DeadLetter.Builder base(String id, DeadLetterReason reason, String error, int attempts, byte[] payload) {
        String detail = error == null ? "" : error;
        byte[] kept = payload;
        if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
            // An oversized input must not make its dead letter too large to publish.
            kept = Arrays.copyOf(payload, MAX_PAYLOAD_BYTES);
            detail += " (payload truncated to its first " + MAX_PAYLOAD_BYTES + " of " + payload.length + " bytes)";
        }
        return DeadLetter.newBuilder()
                .setId(id != null ? id : "unkeyed-" + clock.millis())
                .setStage(stage)
                .setReason(reason.wire())
                .setError(detail)
                .setAttempts(attempts)
                .setPayload(kept == null ? null : ByteBuffer.wrap(kept))
                .setAt(clock.millis());
    }
}
