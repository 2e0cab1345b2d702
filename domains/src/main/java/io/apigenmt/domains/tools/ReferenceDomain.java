package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ContextSampler;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.data.DataLayout;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.PolicyText;
import io.apigenmt.domains.state.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A domain over a generated reference database: one shared read-only snapshot, a tool box, a
 * policy text (resource {@code policy.md} beside the concrete class), a policy checker and a
 * context sampler that executes its suggested walks on fresh environments.
 */
public abstract class ReferenceDomain implements Domain {

    private final String name;
    private final int attemptBudget;
    private final Snapshot snapshot;
    private final DataLayout layout;
    private final ToolBox tools;
    private final String policy;
    private final PolicyChecker checker;
    private final ContextSampler sampler;

    /**
     * @param sampler builds the sampler from a supplier of fresh environments of this domain
     */
    protected ReferenceDomain(String name, int attemptBudget, Snapshot snapshot, DataLayout layout, ToolBox tools,
                              PolicyChecker checker, Function<Supplier<DomainEnvironment>, ContextSampler> sampler) {
        this.name = name;
        this.attemptBudget = attemptBudget;
        this.snapshot = snapshot;
        this.layout = layout;
        this.tools = tools;
        this.policy = PolicyText.load(getClass(), "policy.md");
        this.checker = checker;
        this.sampler = sampler.apply(this::newEnvironment);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String policy() {
        return policy;
    }

    @Override
    public final List<ToolSpec> tools() {
        return tools.specs();
    }

    @Override
    public final DomainEnvironment newEnvironment() {
        return new DomainEnvironment(tools, new Database(snapshot));
    }

    @Override
    public final PolicyChecker policyChecker() {
        return checker;
    }

    @Override
    public final ContextSampler contextSampler() {
        return sampler;
    }

    @Override
    public final int defaultAttemptBudget() {
        return attemptBudget;
    }

    /** The shared reference data (table sizes for reports). */
    public final Snapshot snapshot() {
        return snapshot;
    }

    /** The files of this domain's database in tau-bench's layout. */
    public final DataLayout dataLayout() {
        return layout;
    }

    /** An environment's whole database as the layout's tables: {@code {"users": {id: record}, ...}}. */
    public final ObjectNode tables(Environment environment) {
        if (!(environment instanceof DomainEnvironment env)) {
            throw new IllegalArgumentException("not an environment of a built-in domain");
        }
        return layout.tables(env.database());
    }

    /**
     * Writes the reference database into {@code dir} in tau-bench's layout (one JSON file per table);
     * {@link DataLayout#read} of the directory gives back a database with the same state hash.
     *
     * @return the number of records written per file
     */
    public final Map<String, Integer> writeData(Path dir) throws IOException {
        Database db = new Database(snapshot);
        layout.write(db, dir);
        return layout.sizes(db);
    }
}
