package io.apigenmt.domains.retail;

import static io.apigenmt.domains.retail.RetailRecords.ORDERS;
import static io.apigenmt.domains.retail.RetailRecords.PENDING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes on orders that have not shipped yet: cancel, and change address, payment or items. */
final class PendingOrderTools {

    static final String NO_LONGER_NEEDED = "no longer needed";
    static final String ORDERED_BY_MISTAKE = "ordered by mistake";

    private PendingOrderTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(write("cancel_pending_order",
                        "Cancel an order whose status is exactly 'pending'; processed, delivered or already "
                                + "modified orders are refused. On success the status becomes 'cancelled' and each "
                                + "payment method gets back what it paid: gift cards are credited at once, other "
                                + "methods see the refund in 5-7 business days. First summarise the cancellation "
                                + "(order, items, refund) and get an explicit yes from the customer.",
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

    private static Observation cancel(Args args, Database db) {
        String orderId = args.text("order_id");
        JsonNode current = RetailRecords.order(db, orderId);
        RetailRecords.requireStatus(current, PENDING, "cancelled");
        String userId = current.path("user_id").asText();
        // Refund what each method actually paid net of earlier refunds (e.g. from an item change).
        Map<String, BigDecimal> netPaid = new LinkedHashMap<>();
        for (JsonNode entry : current.path("payment_history")) {
            BigDecimal amount = Money.of(entry.get("amount"));
            if ("refund".equals(entry.path("transaction_type").asText())) {
                amount = amount.negate();
            }
            netPaid.merge(entry.path("payment_method_id").asText(), amount, BigDecimal::add);
        }
        ObjectNode order = db.edit(ORDERS, orderId);
        netPaid.forEach((methodId, amount) -> {
            if (amount.signum() > 0) {
                RetailRecords.appendTransaction(order, "refund", amount, methodId);
                RetailRecords.adjustGiftCard(db, userId, methodId, amount);
            }
        });
        order.put("status", RetailRecords.CANCELLED);
        order.put("cancel_reason", args.text("reason"));
        return Observation.ok(order.toString());
    }

    private static Observation modifyAddress(Args args, Database db) {
        String orderId = args.text("order_id");
        RetailRecords.requireStatus(RetailRecords.order(db, orderId), PENDING, "modified");
        ObjectNode order = db.edit(ORDERS, orderId);
        order.set("address", RetailRecords.address(args));
        return Observation.ok(order.toString());
    }

    private static Observation modifyPayment(Args args, Database db) {
        String orderId = args.text("order_id");
        String newMethodId = args.text("payment_method_id");
        JsonNode current = RetailRecords.order(db, orderId);
        RetailRecords.requireStatus(current, PENDING, "modified");
        JsonNode history = current.path("payment_history");
        if (history.size() != 1 || !"payment".equals(history.get(0).path("transaction_type").asText())) {
            throw new ToolFailure("there should be exactly one payment for a pending order to change its method");
        }
        String userId = current.path("user_id").asText();
        JsonNode user = RetailRecords.user(db, userId);
        JsonNode newMethod = RetailRecords.paymentMethod(user, newMethodId);
        String oldMethodId = history.get(0).path("payment_method_id").asText();
        if (oldMethodId.equals(newMethodId)) {
            throw new ToolFailure("the new payment method should be different from the current one");
        }
        BigDecimal amount = Money.of(history.get(0).get("amount"));
        RetailRecords.requireFunds(newMethod, amount);
        ObjectNode order = db.edit(ORDERS, orderId);
        RetailRecords.appendTransaction(order, "payment", amount, newMethodId);
        RetailRecords.appendTransaction(order, "refund", amount, oldMethodId);
        RetailRecords.adjustGiftCard(db, userId, newMethodId, amount.negate());
        RetailRecords.adjustGiftCard(db, userId, oldMethodId, amount);
        return Observation.ok(order.toString());
    }

    private static Observation modifyItems(Args args, Database db) {
        String orderId = args.text("order_id");
        JsonNode current = RetailRecords.order(db, orderId);
        RetailRecords.requireStatus(current, PENDING, "modified");
        ItemSwap swap = ItemSwap.plan(db, current, args.texts("item_ids"), args.texts("new_item_ids"));
        String userId = current.path("user_id").asText();
        String methodId = args.text("payment_method_id");
        JsonNode method = RetailRecords.paymentMethod(RetailRecords.user(db, userId), methodId);
        RetailRecords.requireFunds(method, swap.priceDifference());
        ObjectNode order = db.edit(ORDERS, orderId);
        swap.applyTo(order);
        BigDecimal difference = swap.priceDifference();
        if (difference.signum() != 0) {
            RetailRecords.appendTransaction(order, difference.signum() > 0 ? "payment" : "refund",
                    difference.abs(), methodId);
            RetailRecords.adjustGiftCard(db, userId, methodId, difference.negate());
        }
        order.put("status", RetailRecords.ITEMS_MODIFIED);
        return Observation.ok(order.toString());
    }
}
