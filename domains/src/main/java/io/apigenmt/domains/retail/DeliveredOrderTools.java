package io.apigenmt.domains.retail;

import static io.apigenmt.domains.retail.RetailRecords.DELIVERED;
import static io.apigenmt.domains.retail.RetailRecords.ORDERS;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;

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
        JsonNode current = RetailRecords.order(db, args.get("order_id"), DELIVERED, "exchanged");
        ItemSwap swap = ItemSwap.plan(db, current, args.get("item_ids"), args.get("new_item_ids"));
        JsonNode difference = Py.round(swap.priceDifference(), 2);
        String userId = RetailRecords.ownerId(db, current);
        JsonNode methodId = args.get("payment_method_id");
        JsonNode method = RetailRecords.paymentMethod(db, userId, methodId);
        // Nothing is charged yet (the exchange happens when the items come back), but a gift card
        // must already cover a positive difference.
        if (RetailRecords.isGiftCard(method) && Py.lt(Py.item(method, "balance"), difference)) {
            throw new ToolFailure("insufficient gift card balance to pay for the price difference");
        }
        ObjectNode order = db.edit(ORDERS, args.key("order_id"));
        order.put("status", RetailRecords.EXCHANGE_REQUESTED);
        order.set("exchange_items", Py.sorted(swap.itemIds()));
        order.set("exchange_new_items", Py.sorted(swap.newItemIds()));
        order.set("exchange_payment_method_id", methodId.deepCopy());
        order.set("exchange_price_difference", difference);
        return Observation.ok(PyJson.dumps(order));
    }

    private static Observation returnItems(Args args, Database db) {
        JsonNode current = RetailRecords.order(db, args.get("order_id"), DELIVERED, "returned");
        String userId = RetailRecords.ownerId(db, current);
        JsonNode methodId = args.get("payment_method_id");
        RetailRecords.paymentMethod(db, userId, methodId);
        JsonNode original = Py.item(Py.index(Py.item(current, "payment_history"), 0), "payment_method_id");
        if (!Py.contains(methodId, RetailRecords.GIFT_CARD) && !Py.eq(methodId, original)) {
            throw new ToolFailure("payment method should be either the original payment method or a gift card");
        }
        List<JsonNode> itemIds = args.list("item_ids");
        List<JsonNode> ordered = new ArrayList<>();
        for (JsonNode item : Py.iterate(Py.item(current, "items"))) {
            ordered.add(Py.item(item, "item_id"));
        }
        for (JsonNode itemId : itemIds) {
            if (Py.count(itemIds, itemId) > Py.count(ordered, itemId)) {
                throw new ToolFailure("some item not found");
            }
        }
        ObjectNode order = db.edit(ORDERS, args.key("order_id"));
        order.put("status", RetailRecords.RETURN_REQUESTED);
        order.set("return_items", Py.sorted(itemIds));
        order.set("return_payment_method_id", methodId.deepCopy());
        return Observation.ok(PyJson.dumps(order));
    }
}
