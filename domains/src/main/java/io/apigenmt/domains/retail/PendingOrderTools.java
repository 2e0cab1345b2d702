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
                        "Cancel a pending order. If the order is already processed or delivered, it cannot be "
                                + "cancelled. The agent needs to explain the cancellation detail and ask for explicit "
                                + "user confirmation (yes/no) to proceed. If the user confirms, the order status will "
                                + "be changed to 'cancelled' and the payment will be refunded. The refund will be "
                                + "added to the user's gift card balance immediately if the payment was made using a "
                                + "gift card, otherwise the refund would take 5-7 business days to process.",
                        orderId().enumeration("reason", "The reason for cancellation, which should be either "
                                + "'no longer needed' or 'ordered by mistake'.", NO_LONGER_NEEDED, ORDERED_BY_MISTAKE)
                                .required("order_id", "reason")),
                PendingOrderTools::cancel);
        tools.add(write("modify_pending_order_address",
                        "Modify the shipping address of a pending order. The agent needs to explain the "
                                + "modification detail and ask for explicit user confirmation (yes/no) to proceed.",
                        RetailAddress.parameters(orderId()).required("order_id", "address1", "address2", "city",
                                "state", "country", "zip")),
                PendingOrderTools::modifyAddress);
        tools.add(write("modify_pending_order_payment",
                        "Modify the payment method of a pending order. The agent needs to explain the modification "
                                + "detail and ask for explicit user confirmation (yes/no) to proceed.",
                        orderId().string("payment_method_id", "The payment method id to pay or receive refund for "
                                + "the item price difference, such as 'gift_card_0000000' or 'credit_card_0000000'. "
                                + "These can be looked up from the user or order details.")
                                .required("order_id", "payment_method_id")),
                PendingOrderTools::modifyPayment);
        tools.add(write("modify_pending_order_items",
                        "Modify items in a pending order to new items of the same product type. For a pending "
                                + "order, this function can only be called once. The agent needs to explain the "
                                + "exchange detail and ask for explicit user confirmation (yes/no) to proceed.",
                        RetailItemParameters.swap(orderId()).required("order_id", "item_ids", "new_item_ids",
                                "payment_method_id")),
                PendingOrderTools::modifyItems);
    }

    static Parameters orderId() {
        return Parameters.object().string("order_id",
                "The order id, such as '#W0000000'. Be careful there is a '#' symbol at the beginning of the order id.");
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
