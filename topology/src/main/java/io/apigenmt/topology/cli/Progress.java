package io.apigenmt.topology.cli;

import io.apigenmt.topology.ledger.Ledger;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A run's progress: on a terminal one line redrawn in place (bar, done of requested, verified,
 * dead-lettered, tasks finished per minute, the time left at that rate, and the stage holding
 * most of the unfinished tasks); without one (CI, a pipe, a file) the same figures as a plain
 * line every {@value #PLAIN_EVERY_SECONDS} s.
 */
final class Progress {

    static final long PLAIN_EVERY_SECONDS = 10;
    private static final long SECOND = 1_000_000_000L;
    /** The rate is measured over the last minute, so the estimate follows the pipeline's current pace. */
    private static final long RATE_WINDOW = 60 * SECOND;
    private static final int BAR = 24;

    /** What one refresh of the ledger says. */
    record Counts(long requested, long verified, long deadLettered, Map<String, Long> inFlightByStage) {

        static Counts of(Ledger l) {
            return new Counts(l.requested(), l.verified(), l.deadLettered(), l.inFlightByStage());
        }

        long finished() {
            return verified + deadLettered;
        }
    }

    private final PrintWriter out;
    private final boolean terminal;
    private final long expected;
    private final LongSupplier nanos;
    private final long started;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long lastPlain = Long.MIN_VALUE;
    private String lastLine;
    private boolean lastPrinted = true;

    Progress(PrintWriter out, boolean terminal, long expected) {
        this(out, terminal, expected, System::nanoTime);
    }

    Progress(PrintWriter out, boolean terminal, long expected, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.expected = expected;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    /** Whether the console is a terminal that can redraw a line ({@code env}: the command's environment). */
    static boolean onTerminal(Map<String, String> env) {
        return System.console() != null && !"dumb".equals(env.get("TERM"));
    }

    void show(Ledger ledger) {
        show(Counts.of(ledger));
    }

    void show(Counts counts) {
        long now = nanos.getAsLong();
        String line = line(counts, now);
        lastLine = line;
        if (terminal) {
            // Redrawn in place; the escape clears what a longer previous line left behind.
            out.print("\r" + line + "\033[K");
            out.flush();
        } else if (lastPlain == Long.MIN_VALUE || now - lastPlain >= PLAIN_EVERY_SECONDS * SECOND) {
            out.println(line);
            out.flush();
            lastPlain = now;
            lastPrinted = true;
        } else {
            lastPrinted = false;
        }
    }

    /** Ends the line on a terminal; elsewhere prints the last state if it was not printed yet. */
    void done() {
        if (terminal) {
            out.println();
        } else if (!lastPrinted && lastLine != null) {
            out.println(lastLine);
        }
        out.flush();
    }

    String line(Counts c, long now) {
        long total = Math.max(expected, c.requested());
        long finished = c.finished();
        double perMinute = perMinute(finished, now);
        StringBuilder s = new StringBuilder();
        if (terminal) {
            int filled = total == 0 ? 0 : (int) Math.min(BAR, BAR * finished / total);
            s.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        s.append(finished).append('/').append(total).append(" done");
        if (!terminal && total > 0) {
            s.append(" (").append(100 * finished / total).append("%)");
        }
        s.append(" · ").append(c.verified()).append(" verified · ").append(c.deadLettered()).append(" dead-lettered");
        long left = Math.max(0, total - finished);
        if (perMinute > 0) {
            s.append(String.format(Locale.ROOT, " · %.1f/min", perMinute));
            if (left > 0) {
                s.append(" · ETA ").append(duration((long) Math.ceil(left * 60.0 / perMinute)));
            }
        } else if (left > 0) {
            s.append(" · ETA -");
        }
        busiest(c.inFlightByStage()).ifPresent(e -> s.append(" · most in ").append(e.getKey()).append(" (").append(e.getValue()).append(')'));
        s.append(" · ").append(duration((now - started) / SECOND));
        return s.toString();
    }

    /** Tasks finished per minute over the last minute (or since the start, when that is sooner). */
    private double perMinute(long finished, long now) {
        samples.addLast(new long[] {now, finished});
        while (samples.size() > 1 && now - samples.peekFirst()[0] > RATE_WINDOW) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        boolean alone = samples.size() == 1;
        long elapsed = now - (alone ? started : first[0]);
        return elapsed <= 0 ? 0 : (finished - (alone ? 0 : first[1])) * 60.0 * SECOND / elapsed;
    }

    private static Optional<Map.Entry<String, Long>> busiest(Map<String, Long> byStage) {
        return byStage.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue());
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
