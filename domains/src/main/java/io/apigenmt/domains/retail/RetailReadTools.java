package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.Locale;
import java.util.TreeMap;

/** Authentication and lookups: the retail tools that never change the database. */
final class RetailReadTools {

    private RetailReadTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(read("find_user_id_by_email",
                        "Look up a customer's user id from their email address (case-insensitive). Returns an "
                                + "error when no customer has that email. This is the default way to authenticate.",
                        Parameters.object().string("email", "The customer's email, e.g. 'maya.novak4821@example.com'.")
                                .required("email")),
                (args, db) -> Observation.ok(findByEmail(db, args.text("email"))));
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
                (args, db) -> Observation.ok(findByNameZip(db, args.text("first_name"), args.text("last_name"),
                        args.text("zip"))));
        tools.add(read("get_user_details", "Return a customer's profile: name, email, default address, payment "
                        + "methods (with gift card balances) and the ids of their orders.",
                        Parameters.object().string("user_id", "The customer's user id, e.g. 'maya_novak_4821'.")
                                .required("user_id")),
                (args, db) -> Observation.ok(RetailRecords.user(db, args.text("user_id")).toString()));
        tools.add(read("get_order_details", "Return one order: its status, items, shipping address, "
                        + "fulfilment and payment history.",
                        Parameters.object().string("order_id", "Order id: '#W' followed by 7 digits, e.g. "
                                + "'#W3058127'. Keep the leading '#'.").required("order_id")),
                (args, db) -> Observation.ok(RetailRecords.order(db, args.text("order_id")).toString()));
        tools.add(read("get_product_details", "Return a product and all of its variants (items), with each "
                        + "variant's options, price and availability.",
                        Parameters.object().string("product_id", "Product id, 10 digits, e.g. '3319027745'. Not to "
                                + "be confused with an item id, which names a single variant.").required("product_id")),
                (args, db) -> Observation.ok(RetailRecords.product(db, args.text("product_id")).toString()));
        tools.add(read("list_all_product_types",
                        "Return every product type the store sells (50 in total) as a map from name to product "
                                + "id. Each product comes in several variants, each with its own item id and "
                                + "options.",
                        Parameters.object()),
                (args, db) -> Observation.ok(productTypes(db).toString()));
    }

    private static ToolSpec read(String name, String description, Parameters parameters) {
        return new ToolSpec(name, description, parameters.build(), ToolSpec.Kind.READ);
    }

    private static String findByEmail(Database db, String email) {
        String wanted = email.trim().toLowerCase(Locale.ROOT);
        for (String id : db.ids(RetailRecords.USERS)) {
            JsonNode user = db.get(RetailRecords.USERS, id);
            if (user.path("email").asText().toLowerCase(Locale.ROOT).equals(wanted)) {
                return id;
            }
        }
        throw new ToolFailure("user not found");
    }

    private static String findByNameZip(Database db, String first, String last, String zip) {
        for (String id : db.ids(RetailRecords.USERS)) {
            JsonNode user = db.get(RetailRecords.USERS, id);
            if (user.path("name").path("first_name").asText().equalsIgnoreCase(first.trim())
                    && user.path("name").path("last_name").asText().equalsIgnoreCase(last.trim())
                    && user.path("address").path("zip").asText().equals(zip.trim())) {
                return id;
            }
        }
        throw new ToolFailure("user not found");
    }

    private static ObjectNode productTypes(Database db) {
        // Sorted by name so the listing reads like a catalogue and is stable.
        TreeMap<String, String> byName = new TreeMap<>();
        for (String id : db.ids(RetailRecords.PRODUCTS)) {
            byName.put(db.get(RetailRecords.PRODUCTS, id).path("name").asText(), id);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        byName.forEach(out::put);
        return out;
    }
}
