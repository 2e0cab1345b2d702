package io.apigenmt.domains.retail;

import static io.apigenmt.domains.retail.RetailRecords.DELIVERED;
import static io.apigenmt.domains.retail.RetailRecords.ORDERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes on delivered orders: exchange for other variants, or return for a refund. */
final class DeliveredOrderTools {

    private DeliveredOrderTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("exchange_delivered_order_items",
                        "Request an exchange of items from a 'delivered' order for other variants of the same "
                                + "products. A delivered order allows a single return or exchange, so collect every "
                                + "item to exchange into one call; the status becomes 'exchange requested'. Nothing "
                                + "is charged now, but a gift card used for a positive price difference must "
                                + "already cover it. First list the exchanges and the price difference and get an "
                                + "explicit yes.",
                        RetailItemParameters.swap(PendingOrderTools.orderId())
                                .required("order_id", "item_ids", "new_item_ids", "payment_method_id").build(),
                        ToolSpec.Kind.WRITE),
                DeliveredOrderTools::exchange);
        tools.add(new ToolSpec("return_delivered_order_items",
                        "Request a return of items from a 'delivered' order; the status becomes 'return "
                                + "requested' and the customer is emailed instructions for sending the items back. "
                                + "The refund goes to the order's original payment method or to one of the "
                                + "customer's gift cards. First list the items and the refund destination and get "
                                + "an explicit yes.",
                        PendingOrderTools.orderId()
                                .array("item_ids", "Ids of the items to send back (10 digits, e.g. '4720158836'). "
                                        + "Repeat an id once per unit if several identical units are returned.",
                                        Parameters.stringItem(null))
                                .string("payment_method_id", "Id of the payment method that receives the refund: "
                                        + "the one that paid for the order, or a gift card of the customer, e.g. "
                                        + "'credit_card_9051286' or 'gift_card_4417302'. See get_order_details or "
                                        + "get_user_details.")
                                .required("order_id", "item_ids", "payment_method_id").build(),
                        ToolSpec.Kind.WRITE),
                DeliveredOrderTools::returnItems);
    }

    private static Observation exchange(Args args, Database db) {
        String orderId = args.text("order_id");
        JsonNode current = RetailRecords.order(db, orderId);
        RetailRecords.requireStatus(current, DELIVERED, "exchanged");
        List<String> itemIds = args.texts("item_ids");
        List<String> newItemIds = args.texts("new_item_ids");
        ItemSwap swap = ItemSwap.plan(db, current, itemIds, newItemIds);
        String methodId = args.text("payment_method_id");
        JsonNode method = RetailRecords.paymentMethod(RetailRecords.user(db, current.path("user_id").asText()),
                methodId);
        // Nothing is charged yet (the exchange happens when the items come back), but a gift card
        // must already cover a positive difference.
        RetailRecords.requireFunds(method, swap.priceDifference());
        ObjectNode order = db.edit(ORDERS, orderId);
        order.put("status", RetailRecords.EXCHANGE_REQUESTED);
        order.set("exchange_items", sortedArray(order, itemIds));
        order.set("exchange_new_items", sortedArray(order, newItemIds));
        order.put("exchange_payment_method_id", methodId);
        order.set("exchange_price_difference", Money.node(swap.priceDifference()));
        return Observation.ok(order.toString());
    }

    private static Observation returnItems(Args args, Database db) {
        String orderId = args.text("order_id");
        JsonNode current = RetailRecords.order(db, orderId);
        RetailRecords.requireStatus(current, DELIVERED, "returned");
        List<String> itemIds = args.texts("item_ids");
        if (itemIds.isEmpty()) {
            throw new ToolFailure("item_ids must name at least one item");
        }
        Set<Integer> used = new HashSet<>();
        for (String itemId : itemIds) {
            if (!claim(current.path("items"), itemId, used)) {
                throw new ToolFailure("item " + itemId + " not found in order " + orderId
                        + " (or listed more times than it was ordered)");
            }
        }
        String methodId = args.text("payment_method_id");
        JsonNode method = RetailRecords.paymentMethod(RetailRecords.user(db, current.path("user_id").asText()),
                methodId);
        String original = current.path("payment_history").path(0).path("payment_method_id").asText();
        if (!methodId.equals(original) && !RetailRecords.isGiftCard(method)) {
            throw new ToolFailure("a return can only be refunded to the original payment method " + original
                    + " or a gift card of the user");
        }
        ObjectNode order = db.edit(ORDERS, orderId);
        order.put("status", RetailRecords.RETURN_REQUESTED);
        order.set("return_items", sortedArray(order, itemIds));
        order.put("return_payment_method_id", methodId);
        return Observation.ok(order.toString());
    }

    private static boolean claim(JsonNode items, String itemId, Set<Integer> used) {
        for (int p = 0; p < items.size(); p++) {
            if (!used.contains(p) && items.get(p).path("item_id").asText().equals(itemId)) {
                used.add(p);
                return true;
            }
        }
        return false;
    }

    private static ArrayNode sortedArray(ObjectNode owner, List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null);
        ArrayNode out = owner.arrayNode();
        sorted.forEach(out::add);
        return out;
    }
}
