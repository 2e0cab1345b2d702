package io.apigenmt.domains.tools;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.state.Database;

/**
 * The behaviour of one tool. May throw {@link ToolFailure} (a refusal in the tool's words) or
 * {@link io.apigenmt.domains.python.PyException} (what Python would raise there); both become
 * {@code Error: ...} observations. Validate before mutating, unless the tool reproduces a
 * reference implementation that changes records before it fails (the changes then stay, as there).
 */
@FunctionalInterface
public interface Tool {
    Observation run(Args args, Database db);
}
