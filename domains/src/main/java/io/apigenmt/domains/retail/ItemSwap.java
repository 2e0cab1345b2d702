package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated replacement of order items by other variants of the same products, shared by
 * modify_pending_order_items and exchange_delivered_order_items.
 *
 * @param positions       index in the order's items of each replaced item
 * @param newVariants     the replacing variant records, in the same order
 * @param priceDifference what the customer owes (negative: what is refunded)
 */
record ItemSwap(List<Integer> positions, List<JsonNode> newVariants, BigDecimal priceDifference) {

    static ItemSwap plan(Database db, JsonNode order, List<String> itemIds, List<String> newItemIds) {
        if (itemIds.isEmpty()) {
            throw new ToolFailure("item_ids must name at least one item");
        }
        if (itemIds.size() != newItemIds.size()) {
            throw new ToolFailure("item_ids and new_item_ids must have the same length");
        }
        JsonNode items = order.path("items");
        Set<Integer> used = new HashSet<>();
        List<Integer> positions = new ArrayList<>();
        List<JsonNode> variants = new ArrayList<>();
        BigDecimal difference = BigDecimal.ZERO;
        for (int i = 0; i < itemIds.size(); i++) {
            int position = unusedPosition(items, itemIds.get(i), used, order);
            JsonNode item = items.get(position);
            String productId = item.path("product_id").asText();
            JsonNode variant = RetailRecords.product(db, productId).path("variants").get(newItemIds.get(i));
            if (variant == null) {
                throw new ToolFailure("new item " + newItemIds.get(i) + " is not a variant of product " + productId
                        + " (" + item.path("name").asText() + ")");
            }
            if (newItemIds.get(i).equals(itemIds.get(i))) {
                throw new ToolFailure("new item " + newItemIds.get(i) + " is the same as the item it replaces");
            }
            if (!variant.path("available").asBoolean()) {
                throw new ToolFailure("new item " + newItemIds.get(i) + " is not available");
            }
            positions.add(position);
            variants.add(variant);
            difference = difference.add(Money.of(variant.get("price"))).subtract(Money.of(item.get("price")));
        }
        return new ItemSwap(List.copyOf(positions), List.copyOf(variants), difference.setScale(2));
    }

    private static int unusedPosition(JsonNode items, String itemId, Set<Integer> used, JsonNode order) {
        for (int p = 0; p < items.size(); p++) {
            if (!used.contains(p) && items.get(p).path("item_id").asText().equals(itemId)) {
                used.add(p);
                return p;
            }
        }
        throw new ToolFailure("item " + itemId + " not found in order " + order.path("order_id").asText()
                + " (or listed more times than it was ordered)");
    }

    /** Replaces the items in an order record the caller owns. */
    void applyTo(ObjectNode order) {
        ArrayNode items = (ArrayNode) order.get("items");
        for (int i = 0; i < positions.size(); i++) {
            ObjectNode item = (ObjectNode) items.get(positions.get(i));
            JsonNode variant = newVariants.get(i);
            item.put("item_id", variant.path("item_id").asText());
            item.set("price", Money.node(Money.of(variant.get("price"))));
            item.set("options", variant.path("options").deepCopy());
        }
    }
}
