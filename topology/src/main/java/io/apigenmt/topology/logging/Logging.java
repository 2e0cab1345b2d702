package io.apigenmt.topology.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where a command's logs go (logback.xml sets the quiet console): optionally a log file that
 * takes everything from INFO up, third-party included, and {@code --verbose}, which lets INFO
 * through to the console as well.
 */
public final class Logging {

    /** The console appender's name in logback.xml. */
    static final String CONSOLE = "CONSOLE";
    private static final String FILE = "FILE";
    private static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";

    private Logging() {}

    /**
     * @param logFile where everything from INFO up is written (replaced, not appended to), or
     *                null for no file
     * @return the log file, or null (also when the logging is not configured by apigen's
     *         logback.xml, e.g. in tests or inside another application, which are left alone)
     */
    public static Path configure(Path logFile, boolean verbose) throws IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null; // another SLF4J binding (an embedding application's): leave its configuration alone
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Optional<ConsoleFilter> filter = consoleFilter(root);
        if (filter.isEmpty()) {
            return null; // not our logback.xml (the tests' own, say): leave that configuration alone
        }
        filter.get().setVerbose(verbose);
        if (logFile != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Appender<ILoggingEvent> previous = root.getAppender(FILE);
            if (previous != null) {
                root.detachAppender(previous);
                previous.stop();
            }
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(FILE_PATTERN);
            encoder.start();
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(context);
            file.setName(FILE);
            file.setFile(logFile.toString());
            file.setAppend(false);
            file.setEncoder(encoder);
            file.start();
            root.addAppender(file);
        }
        if (logFile != null || verbose) {
            // The libraries' INFO is wanted now; without a file or --verbose it is not even formatted.
            root.setLevel(Level.INFO);
            context.getLogger("kafka").setLevel(Level.INFO);
            context.getLogger("org.apache").setLevel(Level.INFO);
        }
        return logFile;
    }

    private static Optional<ConsoleFilter> consoleFilter(Logger root) {
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (console == null) {
            return Optional.empty();
        }
        return console.getCopyOfAttachedFiltersList().stream()
                .filter(ConsoleFilter.class::isInstance).map(ConsoleFilter.class::cast).findFirst();
    }
}
