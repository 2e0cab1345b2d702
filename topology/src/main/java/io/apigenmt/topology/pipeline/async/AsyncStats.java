package io.apigenmt.topology.pipeline.async;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one stage's asynchronous processors, shared by all its tasks and threads, for
 * metrics and the report. Thread-safe; read with {@link #snapshot()}.
 */
public final class AsyncStats {

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong resubmitted = new AtomicLong();
    private final AtomicLong droppedLate = new AtomicLong();
    private final AtomicLong backpressureWaitMillis = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong heldTotal = new AtomicLong();
    private final AtomicLong redone = new AtomicLong();

    /** Immutable copy of the counters at one moment. */
    public record Snapshot(
            long inFlight,
            long started,
            long completed,
            long failed,
            long resubmitted,
            long droppedLate,
            long backpressureWaitMillis,
            long held,
            long heldTotal,
            long redone) {
    }

    /** Units started whose work has not completed yet. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Units started, resubmissions included. */
    public long started() {
        return started.get();
    }

    /** Units whose outputs were forwarded and journal entry removed, successes only. */
    public long completed() {
        return completed.get();
    }

    /** Units routed through {@link AsyncWork#onFailure}. */
    public long failed() {
        return failed.get();
    }

    /** Journal entries resubmitted on (re)initialisation of a task. */
    public long resubmitted() {
        return resubmitted.get();
    }

    /** Results that arrived after their task was closed and were dropped (redone elsewhere). */
    public long droppedLate() {
        return droppedLate.get();
    }

    /** Total time stream threads spent waiting for a free permit. */
    public long backpressureWaitMillis() {
        return backpressureWaitMillis.get();
    }

    /** Units waiting now for a dependency that is down (journalled, holding no permit). */
    public long held() {
        return held.get();
    }

    /** Times a unit was held because a dependency it needs was down. */
    public long heldTotal() {
        return heldTotal.get();
    }

    /** Held units started again once their dependency answered. */
    public long redone() {
        return redone.get();
    }

    public Snapshot snapshot() {
        return new Snapshot(inFlight(), started(), completed(), failed(), resubmitted(),
                droppedLate(), backpressureWaitMillis(), held(), heldTotal(), redone());
    }

    void onStarted(boolean resubmission) {
        started.incrementAndGet();
        inFlight.incrementAndGet();
        if (resubmission) {
            resubmitted.incrementAndGet();
        }
    }

    void onWorkDone() {
        inFlight.decrementAndGet();
    }

    void onDrained(boolean failure) {
        (failure ? failed : completed).incrementAndGet();
    }

    void onDroppedLate(int results) {
        droppedLate.addAndGet(results);
    }

    void onHeld() {
        held.incrementAndGet();
        heldTotal.incrementAndGet();
    }

    /** Held units that left the hold: redone, or released with their closed task. */
    void onHeldReleased(int units) {
        held.addAndGet(-units);
    }

    void onRedone() {
        redone.incrementAndGet();
    }

    void onBackpressureWait(long millis) {
        backpressureWaitMillis.addAndGet(millis);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
