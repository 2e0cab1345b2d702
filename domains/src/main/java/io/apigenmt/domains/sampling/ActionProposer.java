package io.apigenmt.domains.sampling;

import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import java.util.Optional;
import java.util.Random;

/** Proposes one plausible call of a write tool for a user in the current state, if one fits. */
public interface ActionProposer {
    Optional<ToolCall> propose(String tool, String userId, Database db, Random random);
}
