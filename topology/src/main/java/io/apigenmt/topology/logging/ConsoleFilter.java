package io.apigenmt.topology.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * What reaches the console: apigen's own warnings and errors, and only the errors of the
 * libraries under it (Kafka, Streams, the HTTP servers, OkHttp), whose warnings are routine
 * notices for a user of apigen; with {@code --verbose}, everything from INFO up. The log file
 * gets all of it either way.
 */
public final class ConsoleFilter extends Filter<ILoggingEvent> {

    static final String OURS = "io.apigenmt";

    private volatile boolean verbose;

    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public boolean isVerbose() {
        return verbose;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        Level threshold = verbose ? Level.INFO : ours(event.getLoggerName()) ? Level.WARN : Level.ERROR;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    static boolean ours(String logger) {
        return logger != null && (logger.equals(OURS) || logger.startsWith(OURS + "."));
    }
}
