package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyJson;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Authentication and lookups: the retail tools that never change the database. */
final class RetailReadTools {

    private RetailReadTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(read("find_user_id_by_email",
                        "Look up a customer's user id from their email address (case-insensitive). Returns an "
                                + "error when no customer has that email. This is the default way to authenticate.",
                        Parameters.object().string("email", "The customer's email, e.g. 'maya.novak4821@example.com'.")
                                .required("email")),
                (args, db) -> Observation.ok(findByEmail(db, args.get("email"))));
        tools.add(read("find_user_id_by_name_zip",
                        "Look up a customer's user id from first name, last name and the zip code of their "
                                + "default address. Returns an error when nobody matches. Fallback only: try "
                                + "find_user_id_by_email first, and use this when the email finds no one or the "
                                + "customer does not remember it.",
                        Parameters.object()
                                .string("first_name", "Customer's first name, e.g. 'Maya'.")
                                .string("last_name", "Customer's last name, e.g. 'Novak'.")
                                .string("zip", "Zip code of the customer's default address, e.g. '97214'.")
                                .required("first_name", "last_name", "zip")),
                (args, db) -> Observation.ok(findByNameZip(db, args)));
        tools.add(read("get_user_details", "Return a customer's profile: name, email, default address, payment "
                        + "methods (with gift card balances) and the ids of their orders.",
                        Parameters.object().string("user_id", "The customer's user id, e.g. 'maya_novak_4821'.")
                                .required("user_id")),
                (args, db) -> details(db, RetailRecords.USERS, args.get("user_id"), "user"));
        tools.add(read("get_order_details", "Return one order: its status, items, shipping address, "
                        + "fulfilment and payment history.",
                        Parameters.object().string("order_id", "Order id: '#W' followed by 7 digits, e.g. "
                                + "'#W3058127'. Keep the leading '#'.").required("order_id")),
                (args, db) -> details(db, RetailRecords.ORDERS, args.get("order_id"), "order"));
        tools.add(read("get_product_details", "Return a product and all of its variants (items), with each "
                        + "variant's options, price and availability.",
                        Parameters.object().string("product_id", "Product id, 10 digits, e.g. '3319027745'. Not to "
                                + "be confused with an item id, which names a single variant.").required("product_id")),
                (args, db) -> details(db, RetailRecords.PRODUCTS, args.get("product_id"), "product"));
        tools.add(read("list_all_product_types",
                        "Return every product type the store sells (50 in total) as a map from name to product "
                                + "id. Each product comes in several variants, each with its own item id and "
                                + "options.",
                        Parameters.object()),
                (args, db) -> Observation.ok(PyJson.dumps(productTypes(db))));
    }

    private static ToolSpec read(String name, String description, Parameters parameters) {
        return new ToolSpec(name, description, parameters.build(), ToolSpec.Kind.READ);
    }

    private static Observation details(Database db, String table, JsonNode id, String what) {
        return Observation.ok(PyJson.dumps(RetailRecords.find(db, table, id, what)));
    }

    /** The first user (in id order) whose email matches case-insensitively; the bare user id. */
    private static String findByEmail(Database db, JsonNode email) {
        for (String id : db.ids(RetailRecords.USERS)) {
            JsonNode user = db.get(RetailRecords.USERS, id);
            if (Py.lower(Py.item(user, "email")).equals(Py.lower(email))) {
                return id;
            }
        }
        throw new ToolFailure("user not found");
    }

    /** Names case-insensitively, the zip exactly, evaluated lazily left to right as Python's {@code and} does. */
    private static String findByNameZip(Database db, Args args) {
        for (String id : db.ids(RetailRecords.USERS)) {
            JsonNode user = db.get(RetailRecords.USERS, id);
            JsonNode name = Py.item(user, "name");
            if (Py.lower(Py.item(name, "first_name")).equals(Py.lower(args.get("first_name")))
                    && Py.lower(Py.item(name, "last_name")).equals(Py.lower(args.get("last_name")))
                    && Py.eq(Py.item(Py.item(user, "address"), "zip"), args.get("zip"))) {
                return id;
            }
        }
        throw new ToolFailure("user not found");
    }

    /** {name: product_id} sorted by name, a later product winning a repeated name. */
    private static ObjectNode productTypes(Database db) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (String id : db.ids(RetailRecords.PRODUCTS)) {
            JsonNode product = db.get(RetailRecords.PRODUCTS, id);
            byName.put(Py.key(Py.item(product, "name")), Py.item(product, "product_id"));
        }
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(Py::compareText);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        names.forEach(name -> out.set(name, byName.get(name)));
        return out;
    }
}
