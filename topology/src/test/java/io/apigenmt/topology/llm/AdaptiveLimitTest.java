package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The algorithm fed deterministically: latencies are passed in, no clock, no sleeps. */
class AdaptiveLimitTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static List<AdaptiveLimit.Permit> takeAll(AdaptiveLimit limit, int n) {
        List<AdaptiveLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<AdaptiveLimit.Permit> f = limit.acquire();
            assertThat(f).as("permit %d of %d granted at once", i, n).isDone();
            permits.add(f.join());
        }
        return permits;
    }

    /** One "generation" of a saturated endpoint: fill the limit, then complete every call. */
    private static void saturatedRound(AdaptiveLimit limit, long latencyNanos) {
        takeAll(limit, limit.limit()).forEach(p -> p.success(latencyNanos));
    }

    @Test
    void shouldGrantUpToTheLimitAndQueueTheRestWithoutBlocking() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(2);
        List<AdaptiveLimit.Permit> held = takeAll(limit, 2);

        CompletableFuture<AdaptiveLimit.Permit> third = limit.acquire();
        CompletableFuture<AdaptiveLimit.Permit> fourth = limit.acquire();

        assertThat(third).isNotDone();
        assertThat(limit.waiting()).isEqualTo(2);
        assertThat(limit.inFlight()).isEqualTo(2);
        held.get(0).ignored();
        assertThat(third).isDone();
        assertThat(fourth).isNotDone();
        held.get(0).ignored(); // a second release of the same permit is a no-op
        assertThat(fourth).isNotDone();
        assertThat(limit.inFlight()).isEqualTo(2);
    }

    @Test
    void shouldSkipCancelledWaiters() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(1);
        AdaptiveLimit.Permit held = takeAll(limit, 1).get(0);
        CompletableFuture<AdaptiveLimit.Permit> cancelled = limit.acquire();
        CompletableFuture<AdaptiveLimit.Permit> next = limit.acquire();
        cancelled.cancel(false);

        held.ignored();

        assertThat(next).isDone();
        assertThat(limit.inFlight()).isEqualTo(1);
        assertThat(limit.waiting()).isZero();
    }

    @Test
    void shouldHalveOncePerGenerationUnderRateLimitsAndRecoverAfter() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(64);

        // A burst of 429s on every call in flight is one congestion event, not 64.
        takeAll(limit, 64).forEach(AdaptiveLimit.Permit::dropped);
        assertThat(limit.limit()).isEqualTo(32);
        takeAll(limit, 32).forEach(AdaptiveLimit.Permit::dropped);
        assertThat(limit.limit()).isEqualTo(16);
        assertThat(limit.overloadDecreases()).as("one decrease per event").isEqualTo(2);
        assertThat(limit.latencyDecreases()).isZero();
        for (int i = 0; i < 10; i++) {
            takeAll(limit, limit.limit()).forEach(AdaptiveLimit.Permit::dropped);
        }
        assertThat(limit.limit()).as("never below the minimum").isEqualTo(1);

        for (int round = 0; round < 20 && limit.limit() < 64; round++) {
            saturatedRound(limit, 100 * MS);
        }
        assertThat(limit.limit()).isEqualTo(64);
    }

    @Test
    void shouldFallWhenLatencyRisesWellAboveTheBaselineAndRecoverWhenItReturns() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(64);
        for (int i = 0; i < 10; i++) {
            saturatedRound(limit, 100 * MS);
        }
        assertThat(limit.limit()).as("healthy: stays at max").isEqualTo(64);

        // The server starts queueing (vLLM): no 429, only 10x the latency.
        for (int i = 0; i < 3; i++) {
            saturatedRound(limit, 1000 * MS);
        }
        int congested = limit.limit();
        assertThat(congested).isLessThan(40);
        assertThat(limit.latencyDecreases()).isPositive();
        assertThat(limit.overloadDecreases()).isZero();

        for (int i = 0; i < 20 && limit.limit() < 64; i++) {
            saturatedRound(limit, 100 * MS);
        }
        assertThat(limit.limit()).isEqualTo(64);
    }

    @Test
    void shouldFallWhenLatencyDoublesAndTheBaselineWasLearnedBefore() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(64);
        for (int i = 0; i < 10; i++) {
            saturatedRound(limit, 100 * MS);
        }

        // A server past its capacity: every call takes twice as long (vLLM queueing a full batch).
        saturatedRound(limit, 200 * MS);

        assertThat(limit.limit()).isLessThan(64);
        assertThat(limit.latencyDecreases()).isEqualTo(1);
    }

    @Test
    void shouldNotTreatOrdinaryLatencyNoiseAsCongestion() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(32);
        long[] latencies = {80, 120, 100, 150, 90, 110, 130, 70};
        for (int round = 0; round < 20; round++) {
            List<AdaptiveLimit.Permit> permits = takeAll(limit, limit.limit());
            for (int i = 0; i < permits.size(); i++) {
                permits.get(i).success(latencies[(round + i) % latencies.length] * MS);
            }
        }
        assertThat(limit.limit()).isEqualTo(32);
    }

    @Test
    void shouldGrowOnlyWhenTheLimitIsActuallyUsed() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(32);
        takeAll(limit, 32).forEach(AdaptiveLimit.Permit::dropped); // 16

        for (int i = 0; i < 100; i++) {
            takeAll(limit, 1).get(0).success(100 * MS); // one call at a time: 1 of 16 used
        }

        assertThat(limit.limit()).isEqualTo(16);
    }

    @Test
    void shouldNotChangeTheLimitOnFailuresUnrelatedToLoad() {
        AdaptiveLimit limit = AdaptiveLimit.withMax(8);
        takeAll(limit, 8).forEach(AdaptiveLimit.Permit::ignored);
        assertThat(limit.limit()).isEqualTo(8);
        assertThat(limit.inFlight()).isZero();
    }
}
