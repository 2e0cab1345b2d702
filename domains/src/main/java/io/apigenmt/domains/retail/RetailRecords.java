package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyException;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.ToolFailure;

/** Lookups over the retail tables, failing with tau-bench's words. */
final class RetailRecords {

    static final String USERS = "users";
    static final String PRODUCTS = "products";
    static final String ORDERS = "orders";

    static final String PENDING = "pending";
    static final String PROCESSED = "processed";
    static final String DELIVERED = "delivered";
    static final String CANCELLED = "cancelled";
    static final String ITEMS_MODIFIED = "pending (item modified)";
    static final String EXCHANGE_REQUESTED = "exchange requested";
    static final String RETURN_REQUESTED = "return requested";

    static final String GIFT_CARD = "gift_card";

    private RetailRecords() {}

    /** The record an argument names, or tau-bench's "Error: {what} not found". */
    static JsonNode find(Database db, String table, JsonNode id, String what) {
        JsonNode record = db.get(table, Py.key(id));
        if (record == null) {
            throw new ToolFailure(what + " not found");
        }
        return record;
    }

    /** The order an argument names, which must have {@code status}: "Error: non-{status} order cannot be {verb}". */
    static JsonNode order(Database db, JsonNode orderId, String status, String verb) {
        JsonNode order = find(db, ORDERS, orderId, "order");
        if (!Py.eq(Py.item(order, "status"), text(status))) {
            throw new ToolFailure("non-" + status + " order cannot be " + verb);
        }
        return order;
    }

    /** {@code order["user_id"]}, which must name a user ({@code KeyError} otherwise). */
    static String ownerId(Database db, JsonNode order) {
        JsonNode userId = Py.item(order, "user_id");
        if (db.get(USERS, Py.key(userId)) == null) {
            throw new PyException(Py.repr(userId));
        }
        return Py.key(userId);
    }

    /** The user's payment method an argument names (read only), or "Error: payment method not found". */
    static JsonNode paymentMethod(Database db, String userId, JsonNode paymentMethodId) {
        String key = Py.key(paymentMethodId);
        JsonNode method = key == null ? null : Py.item(db.get(USERS, userId), "payment_methods").get(key);
        if (method == null) {
            throw new ToolFailure("payment method not found");
        }
        return method;
    }

    static boolean isGiftCard(JsonNode method) {
        return Py.eq(method.path("source"), text(GIFT_CARD));
    }

    /**
     * {@code methods[id]["balance"] = round(methods[id]["balance"] + delta, 2)} on this environment's
     * copy of the user; a method the user lacks is Python's KeyError there.
     */
    static void credit(Database db, String userId, JsonNode paymentMethodId, JsonNode delta) {
        String key = Py.key(paymentMethodId);
        if (key == null || !Py.item(db.get(USERS, userId), "payment_methods").has(key)) {
            throw new PyException(Py.repr(paymentMethodId));
        }
        ObjectNode method = (ObjectNode) db.edit(USERS, userId).path("payment_methods").get(key);
        method.set("balance", Py.round(Py.add(Py.item(method, "balance"), delta), 2));
    }

    static ObjectNode transaction(String type, JsonNode amount, JsonNode paymentMethodId) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("transaction_type", type);
        entry.set("amount", amount);
        entry.set("payment_method_id", paymentMethodId.deepCopy());
        return entry;
    }

    /** The address object both address tools store, in tau-bench's key order. */
    static ObjectNode address(Args args) {
        ObjectNode address = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"address1", "address2", "city", "state", "country", "zip"}) {
            address.set(field, args.copy(field));
        }
        return address;
    }

    static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }
}
