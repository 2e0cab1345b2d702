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
                        "Find user id by email. If the user is not found, the function will return an error message.",
                        Parameters.object().string("email", "The email of the user, such as 'something@example.com'.")
                                .required("email")),
                (args, db) -> Observation.ok(findByEmail(db, args.text("email"))));
        tools.add(read("find_user_id_by_name_zip",
                        "Find user id by first name, last name, and zip code. If the user is not found, the function "
                                + "will return an error message. By default, find user id by email, and only call "
                                + "this function if the user is not found by email or cannot remember email.",
                        Parameters.object()
                                .string("first_name", "The first name of the customer, such as 'John'.")
                                .string("last_name", "The last name of the customer, such as 'Doe'.")
                                .string("zip", "The zip code of the customer, such as '12345'.")
                                .required("first_name", "last_name", "zip")),
                (args, db) -> Observation.ok(findByNameZip(db, args.text("first_name"), args.text("last_name"),
                        args.text("zip"))));
        tools.add(read("get_user_details", "Get the details of a user, including their orders.",
                        Parameters.object().string("user_id", "The user id, such as 'sara_doe_496'.")
                                .required("user_id")),
                (args, db) -> Observation.ok(RetailRecords.user(db, args.text("user_id")).toString()));
        tools.add(read("get_order_details", "Get the status and details of an order.",
                        Parameters.object().string("order_id", "The order id, such as '#W0000000'. Be careful "
                                + "there is a '#' symbol at the beginning of the order id.").required("order_id")),
                (args, db) -> Observation.ok(RetailRecords.order(db, args.text("order_id")).toString()));
        tools.add(read("get_product_details", "Get the inventory details of a product.",
                        Parameters.object().string("product_id", "The product id, such as '6086499569'. Be careful "
                                + "the product id is different from the item id.").required("product_id")),
                (args, db) -> Observation.ok(RetailRecords.product(db, args.text("product_id")).toString()));
        tools.add(read("list_all_product_types",
                        "List the name and product id of all product types. Each product type has a variety of "
                                + "different items with unique item ids and options. There are only 50 product "
                                + "types in the store.",
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
