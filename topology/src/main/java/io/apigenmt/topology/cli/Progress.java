package io.apigenmt.topology.cli;

import io.apigenmt.topology.ledger.Ledger;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * The run's progress: a redrawn bar on a terminal, a plain line every few seconds otherwise;
 * stages paused for an endpoint outage are named at the end of the line, with why.
 */
final class Progress {

    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long expected;
    private final Supplier<String> note;
    private final long started = System.nanoTime();
    private long lastPlain;
    private String lastLine = "";

    /** @param note appended to every line (e.g. the paused stages); "" for none */
    Progress(PrintWriter out, boolean terminal, long expected, Supplier<String> note) {
        this.out = out;
        this.terminal = terminal;
        this.expected = expected;
        this.note = note;
    }

    void show(Ledger ledger) {
        long total = Math.max(expected, ledger.requested());
        long finished = ledger.verified() + ledger.deadLettered();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String counts = String.format("%d/%d done (verified %d, dead-lettered %d, in flight %d) %ds",
                finished, total, ledger.verified(), ledger.deadLettered(), Math.max(0, total - finished), seconds)
                + note.get();
        if (terminal) {
            int filled = total == 0 ? 0 : (int) (WIDTH * finished / total);
            // Clear to the end of the line: a paused-stages note may have made the last one longer.
            out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + counts + "\u001B[K");
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
