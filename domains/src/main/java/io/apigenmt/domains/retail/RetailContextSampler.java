package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.sampling.WalkSampler;
import io.apigenmt.domains.sampling.WriteWalk;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Picks a retail customer with orders and a 1-3 step write walk for them, plus at most one fact
 * the agent would have to tell (a price or refund total readable through the read tools).
 */
public final class RetailContextSampler extends WalkSampler {

    /** Which write may follow which in one conversation (the API dependency graph). */
    static final Map<String, List<String>> WRITE_GRAPH = Map.of(
            "cancel_pending_order", List.of("cancel_pending_order", "modify_pending_order_address",
                    "modify_pending_order_items", "exchange_delivered_order_items", "return_delivered_order_items"),
            "modify_pending_order_address", List.of("modify_pending_order_payment", "modify_pending_order_items",
                    "modify_user_address", "cancel_pending_order"),
            "modify_pending_order_payment", List.of("modify_pending_order_address", "modify_pending_order_items"),
            "modify_pending_order_items", List.of("exchange_delivered_order_items", "return_delivered_order_items",
                    "cancel_pending_order", "modify_user_address"),
            "exchange_delivered_order_items", List.of("return_delivered_order_items", "exchange_delivered_order_items",
                    "modify_pending_order_address", "cancel_pending_order", "modify_user_address"),
            "return_delivered_order_items", List.of("exchange_delivered_order_items", "cancel_pending_order",
                    "modify_pending_order_items"),
            "modify_user_address", List.of("modify_pending_order_address", "exchange_delivered_order_items"));

    RetailContextSampler(Supplier<DomainEnvironment> freshEnvironment, RetailPolicyChecker checker) {
        super(freshEnvironment, new WriteWalk(freshEnvironment, WRITE_GRAPH, new RetailActionProposer(), checker),
                customersWithOrders(freshEnvironment.get().database()), 0x5DEECE66DL);
    }

    private static List<String> customersWithOrders(Database db) {
        List<String> withOrders = new ArrayList<>();
        for (String id : db.ids(RetailRecords.USERS)) {
            if (db.get(RetailRecords.USERS, id).path("orders").size() > 0) {
                withOrders.add(id);
            }
        }
        return withOrders;
    }

    @Override
    protected ObjectNode userView(Database db, String userId) {
        // The record's key is its id (tau-bench's layout); the generator sees it first.
        ObjectNode view = JsonNodeFactory.instance.objectNode().put("user_id", userId);
        view.setAll((ObjectNode) db.get(RetailRecords.USERS, userId).deepCopy());
        ObjectNode orders = view.putObject("order_details");
        for (JsonNode id : view.path("orders")) {
            orders.set(id.asText(), db.get(RetailRecords.ORDERS, id.asText()).deepCopy());
        }
        return view;
    }

    /** A fact the agent reads before acting: the new item's price, or the returned items' total. */
    @Override
    protected List<String> outputFor(List<ToolCall> actions, Database db) {
        if (actions.isEmpty()) {
            return List.of();
        }
        ToolCall first = actions.get(0);
        JsonNode args = first.arguments();
        JsonNode order = db.get(RetailRecords.ORDERS, args.path("order_id").asText());
        if (order == null) {
            return List.of();
        }
        switch (first.name()) {
            case "modify_pending_order_items", "exchange_delivered_order_items" -> {
                String newItem = args.path("new_item_ids").path(0).asText();
                for (JsonNode item : order.path("items")) {
                    JsonNode variant = db.get(RetailRecords.PRODUCTS, item.path("product_id").asText())
                            .path("variants").get(newItem);
                    if (variant != null) {
                        return List.of(Money.text(Money.of(variant.get("price"))));
                    }
                }
                return List.of();
            }
            case "return_delivered_order_items" -> {
                BigDecimal total = BigDecimal.ZERO;
                List<JsonNode> remaining = new ArrayList<>();
                order.path("items").forEach(remaining::add);
                for (JsonNode id : args.path("item_ids")) {
                    for (JsonNode item : remaining) {
                        if (item.path("item_id").asText().equals(id.asText())) {
                            total = total.add(Money.of(item.get("price")));
                            remaining.remove(item);
                            break;
                        }
                    }
                }
                return List.of(Money.text(total));
            }
            default -> {
                return List.of(order.path("status").asText());
            }
        }
    }
}
