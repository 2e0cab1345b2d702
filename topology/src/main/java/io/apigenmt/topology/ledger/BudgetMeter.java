package io.apigenmt.topology.ledger;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.cost.Cost;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.Budget;
import io.apigenmt.topology.pipeline.Topics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget as the books see it: a {@link Ledger} of the topics, caught up every
 * {@code refresh} on a thread of its own, priced, and compared with {@code cost.max_usd}. Every
 * worker reads the same topics, so several workers stop at the same spend; what they see lags
 * the model calls by the work not yet committed (units in flight, up to a commit interval) plus
 * one refresh: that is the overshoot docs/costs.md bounds. Once reached, it stays reached
 * (spend never shrinks).
 */
public final class BudgetMeter implements Budget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BudgetMeter.class);

    private final BigDecimal maxUsd;
    private final Prices prices;
    private final Ledger ledger;
    private final LedgerReader reader;
    private final ScheduledExecutorService thread;
    private volatile String exhausted;
    private volatile BigDecimal spentUsd = BigDecimal.ZERO;

    /** @param seeds whose tasks the budget covers: everything on the topics (worker), or the seeds of one run */
    public BudgetMeter(BigDecimal maxUsd, Prices prices, Map<String, Object> clientProps, Topics topics,
                       SchemaRegistryClient registry, SeedCheck seedCheck, int trialsPerRollout, Predicate<String> seeds,
                       Duration refresh) {
        this.maxUsd = maxUsd;
        this.prices = prices;
        this.ledger = new Ledger(trialsPerRollout, seeds, prices);
        this.reader = new LedgerReader(clientProps, topics, registry, seedCheck, ledger);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "apigen-budget");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<String> exhausted() {
        return Optional.ofNullable(exhausted);
    }

    /** The spend as of the last refresh. */
    public BigDecimal spentUsd() {
        return spentUsd;
    }

    private void refresh() {
        try {
            reader.catchUp();
            Cost cost = ledger.spend().at(prices);
            spentUsd = cost.usd();
            if (exhausted == null && cost.usd().compareTo(maxUsd) >= 0) {
                exhausted = "the spend of $" + cost.usd().setScale(Cost.SCALE, RoundingMode.HALF_UP).toPlainString()
                        + " reached the budget of $" + maxUsd.toPlainString() + " (cost.max_usd)";
                log.warn("{}: model work not yet started (tasks, reviews, revisions, rollouts) now ends as budget_exhausted "
                        + "dead letters, redrivable; work in flight finishes",
                        exhausted);
            }
        } catch (RuntimeException e) {
            // The next refresh tries again; until then the last figure stands.
            log.warn("budget: reading the books failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
