package io.apigenmt.domains.tools;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.state.Database;

/** The behaviour of one tool. May throw {@link ToolFailure}; must validate before mutating. */
@FunctionalInterface
public interface Tool {
    Observation run(Args args, Database db);
}
