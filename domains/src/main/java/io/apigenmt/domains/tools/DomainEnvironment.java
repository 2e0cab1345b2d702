package io.apigenmt.domains.tools;

import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.StateHash;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;

/** An environment of either reference domain: a tool box over a copy-on-write database. */
public final class DomainEnvironment implements Environment {

    private final ToolBox tools;
    private final Database database;

    public DomainEnvironment(ToolBox tools, Database database) {
        this.tools = tools;
        this.database = database;
    }

    @Override
    public Observation execute(ToolCall call) {
        return tools.execute(call, database);
    }

    @Override
    public StateHash stateHash() {
        return database.hash();
    }

    @Override
    public boolean sameState(Environment other) {
        return other instanceof DomainEnvironment domainEnvironment
                ? database.sameState(domainEnvironment.database)
                : Environment.super.sameState(other);
    }

    @Override
    public DiffPatch diffFrom(Environment before) {
        if (!(before instanceof DomainEnvironment other)) {
            throw new IllegalArgumentException("can only diff against another DomainEnvironment");
        }
        return database.diffFrom(other.database);
    }

    /** An independent copy in the current state (e.g. to try a call without committing to it). */
    public DomainEnvironment fork() {
        return new DomainEnvironment(tools, database.fork());
    }

    /** Read access for policy checkers and samplers; do not mutate records obtained from it. */
    public Database database() {
        return database;
    }
}
