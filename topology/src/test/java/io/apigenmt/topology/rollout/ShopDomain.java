package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ContextSampler;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.tools.CommonTools;
import io.apigenmt.domains.tools.DomainEnvironment;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.List;
import java.util.Map;

/** A two-record test domain: items with a status, one read, one write, and the common tools. */
final class ShopDomain implements Domain {

    static final String POLICY = "You are a shop agent. Confirm before any change.";

    private final ToolBox tools;
    private final Snapshot snapshot;

    ShopDomain() {
        ToolBox.Builder b = ToolBox.builder();
        b.add(new ToolSpec("get_item_details", "Get an item.",
                        Parameters.object().string("item_id", "The item id.").required("item_id").build(), ToolSpec.Kind.READ),
                (args, db) -> {
                    var item = db.get("items", args.text("item_id"));
                    if (item == null) {
                        throw new ToolFailure("item not found");
                    }
                    return Observation.ok(item.toString());
                });
        b.add(new ToolSpec("set_item_status", "Set an item's status.",
                        Parameters.object().string("item_id", "The item id.")
                                .enumeration("status", "The new status.", "open", "closed", "archived")
                                .required("item_id", "status").build(), ToolSpec.Kind.WRITE),
                (args, db) -> {
                    ObjectNode item = db.edit("items", args.text("item_id"));
                    if (item == null) {
                        throw new ToolFailure("item not found");
                    }
                    item.put("status", args.text("status"));
                    return Observation.ok(item.toString());
                });
        CommonTools.addTo(b);
        this.tools = b.build();
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode a = f.objectNode().put("id", "A").put("status", "open");
        ObjectNode bItem = f.objectNode().put("id", "B").put("status", "open");
        this.snapshot = Snapshot.of(Map.of("items", Map.of("A", a, "B", bItem)));
    }

    @Override
    public String name() {
        return "shop";
    }

    @Override
    public String policy() {
        return POLICY;
    }

    @Override
    public List<ToolSpec> tools() {
        return tools.specs();
    }

    @Override
    public Environment newEnvironment() {
        return new DomainEnvironment(tools, new Database(snapshot));
    }

    @Override
    public PolicyChecker policyChecker() {
        return (trace, initial) -> List.of();
    }

    @Override
    public ContextSampler contextSampler() {
        throw new UnsupportedOperationException("not needed by rollout tests");
    }

    @Override
    public int defaultAttemptBudget() {
        return 3;
    }
}
