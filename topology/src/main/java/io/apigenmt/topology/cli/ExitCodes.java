package io.apigenmt.topology.cli;

import io.apigenmt.topology.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Maps failures to exit codes and one-line messages, in one place: a bad flag or setting exits 2. */
final class ExitCodes {

    static final int OK = 0;
    static final int RUNTIME_FAILURE = 1;
    static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(ExitCodes.class);

    private ExitCodes() {}

    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(name(cmd) + ": " + firstLine(e.getMessage()) + " (see '" + name(cmd) + " --help')");
        return USAGE;
    }

    static int onRuntimeFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UsageException || e instanceof ConfigException) {
            cmd.getErr().println(name(cmd) + ": " + firstLine(e.getMessage()));
            return USAGE;
        }
        if (e instanceof PreflightFailed preflight) {
            preflight.problems().forEach(line -> cmd.getErr().println(name(cmd) + ": " + line));
            return RUNTIME_FAILURE;
        }
        // Full detail at debug level only: the user gets one line with the root cause.
        log.debug("command failed", e);
        cmd.getErr().println(name(cmd) + ": error: " + rootCause(e));
        return RUNTIME_FAILURE;
    }

    /** The command as typed, e.g. {@code apigen run} or {@code apigen domain exec}. */
    private static String name(CommandLine cmd) {
        String qualified = cmd.getCommandSpec().qualifiedName();
        return cmd.getParent() == null && !qualified.startsWith("apigen") ? "apigen " + qualified : qualified;
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return firstLine(msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s.strip() : s.substring(0, nl).strip();
    }
}
