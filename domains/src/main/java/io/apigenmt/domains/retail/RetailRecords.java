package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;

/** Lookups over the retail tables that fail with a message an agent can act on. */
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

    private RetailRecords() {}

    static JsonNode order(Database db, String orderId) {
        JsonNode order = db.get(ORDERS, orderId);
        if (order == null) {
            throw new ToolFailure("order not found: " + orderId);
        }
        return order;
    }

    static JsonNode user(Database db, String userId) {
        JsonNode user = db.get(USERS, userId);
        if (user == null) {
            throw new ToolFailure("user not found: " + userId);
        }
        return user;
    }

    static JsonNode product(Database db, String productId) {
        JsonNode product = db.get(PRODUCTS, productId);
        if (product == null) {
            throw new ToolFailure("product not found: " + productId);
        }
        return product;
    }

    static JsonNode paymentMethod(JsonNode user, String paymentMethodId) {
        JsonNode method = user.path("payment_methods").get(paymentMethodId);
        if (method == null) {
            throw new ToolFailure("payment method " + paymentMethodId + " not found for user "
                    + user.path("user_id").asText());
        }
        return method;
    }

    static boolean isGiftCard(JsonNode method) {
        return "gift_card".equals(method.path("source").asText());
    }

    static void requireStatus(JsonNode order, String status, String action) {
        String actual = order.path("status").asText();
        if (!actual.equals(status)) {
            throw new ToolFailure("order " + order.path("order_id").asText() + " is " + actual
                    + "; only " + status + " orders can be " + action);
        }
    }

    /** Checks a gift card can pay {@code amount}; other methods have no balance to check. */
    static void requireFunds(JsonNode method, BigDecimal amount) {
        if (isGiftCard(method) && amount.signum() > 0 && Money.of(method.get("balance")).compareTo(amount) < 0) {
            throw new ToolFailure("insufficient gift card balance to pay " + Money.text(amount) + " with "
                    + method.path("id").asText());
        }
    }

    /** Adds {@code delta} (may be negative) to a gift card's balance; other methods are untouched. */
    static void adjustGiftCard(Database db, String userId, String paymentMethodId, BigDecimal delta) {
        JsonNode current = db.get(USERS, userId);
        if (current == null || !isGiftCard(current.path("payment_methods").path(paymentMethodId))) {
            return; // only gift cards hold a balance; leave the user record unshared otherwise
        }
        JsonNode method = db.edit(USERS, userId).path("payment_methods").get(paymentMethodId);
        if (method instanceof ObjectNode card) {
            card.set("balance", Money.node(Money.of(card.get("balance")).add(delta)));
        }
    }

    static void appendTransaction(ObjectNode order, String type, BigDecimal amount, String paymentMethodId) {
        ArrayNode history = order.withArray("payment_history");
        ObjectNode entry = history.addObject();
        entry.put("transaction_type", type);
        entry.set("amount", Money.node(amount));
        entry.put("payment_method_id", paymentMethodId);
    }

    static ObjectNode address(Args args) {
        ObjectNode address = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"address1", "address2", "city", "country", "state", "zip"}) {
            address.put(field, args.text(field));
        }
        return address;
    }
}
