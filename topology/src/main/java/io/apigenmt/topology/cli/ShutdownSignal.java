package io.apigenmt.topology.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running command stop cleanly on SIGINT/SIGTERM: the JVM runs shutdown hooks on
 * those signals and halts when they return, so the hook hands the stop to the command's thread
 * and waits (bounded) until the command has closed its resources.
 */
final class ShutdownSignal implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    ShutdownSignal(String name) {
        this.hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until a signal arrives. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** True once a signal arrived; waits at most {@code millis}. */
    boolean await(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Call after the command released its resources. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and must stay.
        }
    }
}
