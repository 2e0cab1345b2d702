package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyException;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The replacement of order items by other variants of the same products that
 * modify_pending_order_items and exchange_delivered_order_items share, with tau-bench's rules:
 * each id may be listed as often as the order holds it, each new id must be an available variant
 * of the replaced item's product (the same variant included), and each pair addresses the first
 * order item that currently carries the old id.
 *
 * @param priceDifference the sum of new minus old prices, unrounded (Python floats)
 */
record ItemSwap(List<JsonNode> itemIds, List<JsonNode> newItemIds, JsonNode priceDifference) {

    static ItemSwap plan(Database db, JsonNode order, JsonNode itemIdsArg, JsonNode newItemIdsArg) {
        List<JsonNode> itemIds = Py.iterate(itemIdsArg);
        List<JsonNode> ordered = new ArrayList<>();
        for (JsonNode item : Py.iterate(Py.item(order, "items"))) {
            ordered.add(Py.item(item, "item_id"));
        }
        for (JsonNode itemId : itemIds) {
            if (Py.count(itemIds, itemId) > Py.count(ordered, itemId)) {
                throw new ToolFailure(Py.str(itemId) + " not found");
            }
        }
        List<JsonNode> newItemIds = Py.iterate(newItemIdsArg);
        if (itemIds.size() != newItemIds.size()) {
            throw new ToolFailure("the number of items to be exchanged should match");
        }
        JsonNode difference = Py.intNode(0);
        for (int i = 0; i < itemIds.size(); i++) {
            JsonNode item = firstItem(order, itemIds.get(i));
            JsonNode variant = variant(db, item, newItemIds.get(i));
            if (variant == null || !truthy(Py.item(variant, "available"))) {
                throw new ToolFailure("new item " + Py.str(newItemIds.get(i)) + " not found or available");
            }
            difference = Py.add(difference, Py.sub(Py.item(variant, "price"), Py.item(item, "price")));
        }
        return new ItemSwap(itemIds, newItemIds, difference);
    }

    /** Replaces the items in an order record the caller owns, pair by pair. */
    void applyTo(Database db, ObjectNode order) {
        for (int i = 0; i < itemIds.size(); i++) {
            ObjectNode item = (ObjectNode) firstItem(order, itemIds.get(i));
            JsonNode variant = variant(db, item, newItemIds.get(i));
            item.set("item_id", newItemIds.get(i).deepCopy());
            item.set("price", Py.item(variant, "price").deepCopy());
            item.set("options", Py.item(variant, "options").deepCopy());
        }
    }

    private static JsonNode firstItem(JsonNode order, JsonNode itemId) {
        for (JsonNode item : order.path("items")) {
            if (Py.eq(Py.item(item, "item_id"), itemId)) {
                return item;
            }
        }
        throw new PyException("list index out of range");
    }

    /** {@code products[item["product_id"]]["variants"].get(new_item_id)}. */
    private static JsonNode variant(Database db, JsonNode item, JsonNode newItemId) {
        JsonNode productId = Py.item(item, "product_id");
        JsonNode product = db.get(RetailRecords.PRODUCTS, Py.key(productId));
        if (product == null) {
            throw new PyException(Py.repr(productId));
        }
        String key = Py.key(newItemId);
        return key == null ? null : Py.item(product, "variants").get(key);
    }

    private static boolean truthy(JsonNode v) {
        return v.isBoolean() ? v.booleanValue() : v.isNumber() ? v.doubleValue() != 0
                : v.isTextual() || v.isContainerNode() ? Py.len(v) > 0 : false;
    }
}
