package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A live cluster: the ledger and the task histories folded from the topics, read again at most
 * every {@code refresh} (a page load costs one catch-up, not a scan from the beginning).
 */
public final class ClusterSource implements ViewSource {

    private final ObjectMapper json = new ObjectMapper();
    private final Ledger ledger;
    private final LedgerReader ledgerReader;
    private final TaskBook book = new TaskBook(seedId -> true);
    private final TaskBookReader bookReader;
    private final String source;
    private final List<String> clusterFlags;
    private final Duration refresh;
    private final Clock clock;
    private long readAt = Long.MIN_VALUE;
    private ViewData data;

    /**
     * @param clusterFlags the flags that reach this cluster, for the redrive commands shown
     */
    public ClusterSource(ClusterConnection cluster, Topics topics, SeedCheck seedCheck, int trialsPerRollout,
                         String source, List<String> clusterFlags, Duration refresh, Clock clock) {
        this.ledger = new Ledger(trialsPerRollout);
        this.source = source;
        this.clusterFlags = List.copyOf(clusterFlags);
        this.refresh = refresh;
        this.clock = clock;
        this.ledgerReader = new LedgerReader(cluster.clientProps(), topics, cluster.registry(), seedCheck, ledger);
        try {
            this.bookReader = new TaskBookReader(cluster.clientProps(), topics, cluster.registry(), book);
        } catch (RuntimeException e) {
            ledgerReader.close();
            throw e;
        }
    }

    @Override
    public synchronized ViewData snapshot() {
        long now = clock.millis();
        if (data == null || now - readAt >= refresh.toMillis()) {
            ledgerReader.catchUp();
            bookReader.catchUp();
            JsonNode report = ledger.toJson(json);
            data = new ViewData(source, true, report, List.copyOf(book.toJson()), List.copyOf(book.deadLettersJson()),
                    clusterFlags, List.of());
            readAt = now;
        }
        return data;
    }

    @Override
    public synchronized void close() {
        try {
            bookReader.close();
        } finally {
            ledgerReader.close();
        }
    }
}
