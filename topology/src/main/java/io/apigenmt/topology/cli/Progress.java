package io.apigenmt.topology.cli;

import io.apigenmt.topology.ledger.Ledger;
import java.io.PrintWriter;

/** The run's progress: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
final class Progress {

    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long expected;
    private final long started = System.nanoTime();
    private long lastPlain;
    private String lastLine = "";

    Progress(PrintWriter out, boolean terminal, long expected) {
        this.out = out;
        this.terminal = terminal;
        this.expected = expected;
    }

    void show(Ledger ledger) {
        long total = Math.max(expected, ledger.requested());
        long finished = ledger.verified() + ledger.deadLettered();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String counts = String.format("%d/%d done (verified %d, dead-lettered %d, in flight %d) %ds",
                finished, total, ledger.verified(), ledger.deadLettered(), Math.max(0, total - finished), seconds);
        if (terminal) {
            int filled = total == 0 ? 0 : (int) (WIDTH * finished / total);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + counts + "   ");
            out.flush();
        } else if (!counts.equals(lastLine) && System.nanoTime() - lastPlain > PLAIN_EVERY_NANOS) {
            out.println(counts);
            out.flush();
            lastPlain = System.nanoTime();
            lastLine = counts;
        }
    }

    void done() {
        if (terminal) {
            out.println();
        }
        out.flush();
    }
}
