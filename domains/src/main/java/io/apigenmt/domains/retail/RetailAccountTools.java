package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.PyJson;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;

/** Writes on the customer's own record: the default address. */
final class RetailAccountTools {

    private RetailAccountTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("modify_user_address",
                        "Replace the customer's default (profile) address; existing orders keep their own "
                                + "shipping address. Before calling, read the new address back to the customer and "
                                + "get an explicit yes.",
                        RetailAddress.parameters(Parameters.object().string("user_id",
                                        "The customer's user id, e.g. 'maya_novak_4821'."))
                                .required("user_id", "address1", "address2", "city", "state", "country", "zip")
                                .build(),
                        ToolSpec.Kind.WRITE),
                (args, db) -> {
                    RetailRecords.find(db, RetailRecords.USERS, args.get("user_id"), "user");
                    ObjectNode user = db.edit(RetailRecords.USERS, args.key("user_id"));
                    user.set("address", RetailRecords.address(args));
                    return Observation.ok(PyJson.dumps(user));
                });
    }
}
