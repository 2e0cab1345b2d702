package io.apigenmt.topology.pipeline.async;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A worker-wide bound on units of asynchronous work in flight, shared by every task and stream
 * thread of a stage (default: the worker's {@code --concurrency}).
 *
 * <p>A permit is taken before a unit starts and given back when its work <em>completes</em>, not
 * when its result is drained: a stream thread blocked on the limit in one task must never wait
 * for results that only another task on the same thread would drain.
 */
public final class InFlightLimit {

    private final int permits;
    private final Semaphore semaphore;

    public InFlightLimit(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("in-flight limit must be >= 1, was " + permits);
        }
        this.permits = permits;
        this.semaphore = new Semaphore(permits);
    }

    /** The configured number of permits. */
    public int permits() {
        return permits;
    }

    /** Permits currently free. */
    public int available() {
        return semaphore.availablePermits();
    }

    /** Units currently holding a permit. */
    public int inUse() {
        return permits - semaphore.availablePermits();
    }

    boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return semaphore.tryAcquire(timeout, unit);
    }

    void release() {
        semaphore.release();
    }

    @Override
    public String toString() {
        return "InFlightLimit[" + inUse() + "/" + permits + "]";
    }
}
