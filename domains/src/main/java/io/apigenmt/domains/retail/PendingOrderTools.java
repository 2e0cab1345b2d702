package io.apigenmt.domains.retail;

import static io.apigenmt.domains.retail.RetailRecords.ORDERS;
import static io.apigenmt.domains.retail.RetailRecords.PENDING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/** Writes on orders that have not shipped yet: cancel, and change address, payment or items. */
final class PendingOrderTools {

    static final String NO_LONGER_NEEDED = "no longer needed";
    static final String ORDERED_BY_MISTAKE = "ordered by mistake";

    private PendingOrderTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(write("cancel_pending_order",
                        "Cancel an order whose status is exactly 'pending'; processed, delivered or already "
                                + "modified orders are refused. On success the status becomes 'cancelled' and each "
                                + "entry of the payment history is refunded to its method: gift cards are credited "
                                + "at once, other methods see the refund in 5-7 business days. First summarise the "
                                + "cancellation (order, items, refund) and get an explicit yes from the customer.",
                        orderId().enumeration("reason", "Why the customer cancels; only 'no longer needed' or "
                                + "'ordered by mistake' are accepted.", NO_LONGER_NEEDED, ORDERED_BY_MISTAKE)
                                .required("order_id", "reason")),
                PendingOrderTools::cancel);
        tools.add(write("modify_pending_order_address",
                        "Change where a 'pending' order will be shipped. First read the new address back to the "
                                + "customer and get an explicit yes.",
                        RetailAddress.parameters(orderId()).required("order_id", "address1", "address2", "city",
                                "state", "country", "zip")),
                PendingOrderTools::modifyAddress);
        tools.add(write("modify_pending_order_payment",
                        "Move the payment of a 'pending' order to another of the customer's payment methods. The "
                                + "order must have exactly one payment, the new method must differ from it, and a "
                                + "gift card must hold enough balance for the full amount; the old method is "
                                + "refunded. First describe the switch and get an explicit yes from the customer.",
                        orderId().string("payment_method_id", "Id of the customer's payment method that should "
                                + "pay for the order instead, e.g. 'paypal_2650418' or 'gift_card_4417302'. Find "
                                + "it in get_user_details.")
                                .required("order_id", "payment_method_id")),
                PendingOrderTools::modifyPayment);
        tools.add(write("modify_pending_order_items",
                        "Swap items of a 'pending' order for other variants of the same products (e.g. another "
                                + "size or color). Works only once per order: afterwards the status is 'pending "
                                + "(item modified)' and the order can no longer be changed or cancelled, so gather "
                                + "every item the customer wants changed into a single call. The price difference "
                                + "is charged to or refunded on payment_method_id. First list the swaps and the "
                                + "price difference and get an explicit yes.",
                        RetailItemParameters.swap(orderId()).required("order_id", "item_ids", "new_item_ids",
                                "payment_method_id")),
                PendingOrderTools::modifyItems);
    }

    static Parameters orderId() {
        return Parameters.object().string("order_id",
                "Order id: '#W' followed by 7 digits, e.g. '#W3058127'. Keep the leading '#'.");
    }

    private static ToolSpec write(String name, String description, Parameters parameters) {
        return new ToolSpec(name, description, parameters.build(), ToolSpec.Kind.WRITE);
    }

    /** Refunds every entry of the payment history as it stands (earlier refunds included), as tau-bench does. */
    private static Observation cancel(Args args, Database db) {
        JsonNode current = RetailRecords.order(db, args.get("order_id"), PENDING, "cancelled");
        JsonNode reason = args.get("reason");
        if (!Py.eq(reason, RetailRecords.text(NO_LONGER_NEEDED)) && !Py.eq(reason, RetailRecords.text(ORDERED_BY_MISTAKE))) {
            throw new ToolFailure("invalid reason");
        }
        String orderId = args.key("order_id");
        List<ObjectNode> refunds = new ArrayList<>();
        for (JsonNode payment : Py.iterate(Py.item(current, "payment_history"))) {
            JsonNode methodId = Py.item(payment, "payment_method_id");
            JsonNode amount = Py.item(payment, "amount");
            refunds.add(RetailRecords.transaction("refund", amount.deepCopy(), methodId));
            if (Py.contains(methodId, RetailRecords.GIFT_CARD)) {
                RetailRecords.credit(db, RetailRecords.ownerId(db, current), methodId, amount);
            }
        }
        ObjectNode order = db.edit(ORDERS, orderId);
        order.put("status", RetailRecords.CANCELLED);
        order.set("cancel_reason", reason.deepCopy());
        ((ArrayNode) order.get("payment_history")).addAll(refunds);
        return Observation.ok(PyJson.dumps(order));
    }

    private static Observation modifyAddress(Args args, Database db) {
        RetailRecords.order(db, args.get("order_id"), PENDING, "modified");
        ObjectNode order = db.edit(ORDERS, args.key("order_id"));
        order.set("address", RetailRecords.address(args));
        return Observation.ok(PyJson.dumps(order));
    }

    private static Observation modifyPayment(Args args, Database db) {
        JsonNode current = RetailRecords.order(db, args.get("order_id"), PENDING, "modified");
        String userId = RetailRecords.ownerId(db, current);
        JsonNode newMethodId = args.get("payment_method_id");
        JsonNode newMethod = RetailRecords.paymentMethod(db, userId, newMethodId);
        JsonNode history = Py.item(current, "payment_history");
        if (Py.len(history) > 1 || !Py.eq(Py.item(Py.index(history, 0), "transaction_type"), RetailRecords.text("payment"))) {
            throw new ToolFailure("there should be exactly one payment for a pending order");
        }
        JsonNode oldMethodId = Py.item(history.get(0), "payment_method_id");
        if (Py.eq(oldMethodId, newMethodId)) {
            throw new ToolFailure("the new payment method should be different from the current one");
        }
        JsonNode amount = Py.item(history.get(0), "amount");
        if (RetailRecords.isGiftCard(newMethod) && Py.lt(Py.item(newMethod, "balance"), amount)) {
            throw new ToolFailure("insufficient gift card balance to pay for the order");
        }
        ObjectNode order = db.edit(ORDERS, args.key("order_id"));
        ArrayNode entries = (ArrayNode) order.get("payment_history");
        entries.add(RetailRecords.transaction("payment", amount.deepCopy(), newMethodId));
        entries.add(RetailRecords.transaction("refund", amount.deepCopy(), oldMethodId));
        if (RetailRecords.isGiftCard(newMethod)) {
            RetailRecords.credit(db, userId, newMethodId, Py.neg(amount));
        }
        if (Py.contains(oldMethodId, RetailRecords.GIFT_CARD)) {
            RetailRecords.credit(db, userId, oldMethodId, amount);
        }
        return Observation.ok(PyJson.dumps(order));
    }

    private static Observation modifyItems(Args args, Database db) {
        JsonNode current = RetailRecords.order(db, args.get("order_id"), PENDING, "modified");
        ItemSwap swap = ItemSwap.plan(db, current, args.get("item_ids"), args.get("new_item_ids"));
        String userId = RetailRecords.ownerId(db, current);
        JsonNode methodId = args.get("payment_method_id");
        JsonNode method = RetailRecords.paymentMethod(db, userId, methodId);
        JsonNode difference = swap.priceDifference();
        if (RetailRecords.isGiftCard(method) && Py.lt(Py.item(method, "balance"), difference)) {
            throw new ToolFailure("insufficient gift card balance to pay for the new item");
        }
        ObjectNode order = db.edit(ORDERS, args.key("order_id"));
        ((ArrayNode) order.get("payment_history")).add(RetailRecords.transaction(
                Py.gt(difference, Py.intNode(0)) ? "payment" : "refund", Py.abs(difference), methodId));
        if (RetailRecords.isGiftCard(method)) {
            RetailRecords.credit(db, userId, methodId, Py.neg(difference));
        }
        swap.applyTo(db, order);
        order.put("status", RetailRecords.ITEMS_MODIFIED);
        return Observation.ok(PyJson.dumps(order));
    }
}
