package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.sampling.ActionProposer;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.synth.Places;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Proposes concrete retail write calls that the tools and the policy will accept. */
final class RetailActionProposer implements ActionProposer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public Optional<ToolCall> propose(String tool, String userId, Database db, Random random) {
        JsonNode user = db.get(RetailRecords.USERS, userId);
        if (user == null) {
            return Optional.empty();
        }
        return switch (tool) {
            case "cancel_pending_order" -> pick(orders(db, user, RetailRecords.PENDING), random).map(order -> {
                ObjectNode args = orderArgs(order);
                args.put("reason", random.nextBoolean()
                        ? PendingOrderTools.NO_LONGER_NEEDED : PendingOrderTools.ORDERED_BY_MISTAKE);
                return new ToolCall(tool, args);
            });
            case "modify_pending_order_address" -> pick(orders(db, user, RetailRecords.PENDING), random)
                    .map(order -> new ToolCall(tool, withAddress(orderArgs(order), random)));
            case "modify_pending_order_payment" -> modifyPayment(tool, db, user, random);
            case "modify_pending_order_items" -> swap(tool, db, user, RetailRecords.PENDING, random);
            case "exchange_delivered_order_items" -> swap(tool, db, user, RetailRecords.DELIVERED, random);
            case "return_delivered_order_items" -> returnItems(tool, db, user, random);
            case "modify_user_address" -> {
                ObjectNode args = F.objectNode().put("user_id", userId);
                yield Optional.of(new ToolCall(tool, withAddress(args, random)));
            }
            default -> Optional.empty();
        };
    }

    private Optional<ToolCall> modifyPayment(String tool, Database db, JsonNode user, Random random) {
        List<ToolCall> options = new ArrayList<>();
        for (JsonNode order : orders(db, user, RetailRecords.PENDING)) {
            JsonNode history = order.path("payment_history");
            if (history.size() != 1) {
                continue;
            }
            String current = history.get(0).path("payment_method_id").asText();
            BigDecimal amount = Money.of(history.get(0).get("amount"));
            for (JsonNode method : user.path("payment_methods")) {
                String id = method.path("id").asText();
                if (!id.equals(current) && canPay(method, amount)) {
                    options.add(new ToolCall(tool, orderArgs(order).put("payment_method_id", id)));
                }
            }
        }
        return pick(options, random);
    }

    private Optional<ToolCall> swap(String tool, Database db, JsonNode user, String status, Random random) {
        List<JsonNode> orders = new ArrayList<>(orders(db, user, status));
        java.util.Collections.shuffle(orders, random);
        for (JsonNode order : orders) {
            ArrayNode itemIds = F.arrayNode();
            ArrayNode newItemIds = F.arrayNode();
            BigDecimal difference = BigDecimal.ZERO;
            int wanted = 1 + random.nextInt(2);
            for (JsonNode item : order.path("items")) {
                if (itemIds.size() == wanted) {
                    break;
                }
                List<JsonNode> alternatives = new ArrayList<>();
                db.get(RetailRecords.PRODUCTS, item.path("product_id").asText()).path("variants").forEach(v -> {
                    if (v.path("available").asBoolean()
                            && !v.path("item_id").asText().equals(item.path("item_id").asText())) {
                        alternatives.add(v);
                    }
                });
                if (alternatives.isEmpty()) {
                    continue;
                }
                JsonNode replacement = alternatives.get(random.nextInt(alternatives.size()));
                itemIds.add(item.path("item_id").asText());
                newItemIds.add(replacement.path("item_id").asText());
                difference = difference.add(Money.of(replacement.get("price"))).subtract(Money.of(item.get("price")));
            }
            if (itemIds.isEmpty()) {
                continue;
            }
            List<String> methods = new ArrayList<>();
            for (JsonNode method : user.path("payment_methods")) {
                if (canPay(method, difference)) {
                    methods.add(method.path("id").asText());
                }
            }
            if (methods.isEmpty()) {
                continue;
            }
            ObjectNode args = orderArgs(order);
            args.set("item_ids", itemIds);
            args.set("new_item_ids", newItemIds);
            args.put("payment_method_id", methods.get(random.nextInt(methods.size())));
            return Optional.of(new ToolCall(tool, args));
        }
        return Optional.empty();
    }

    private Optional<ToolCall> returnItems(String tool, Database db, JsonNode user, Random random) {
        return pick(orders(db, user, RetailRecords.DELIVERED), random).map(order -> {
            ArrayNode itemIds = F.arrayNode();
            JsonNode items = order.path("items");
            int count = 1 + random.nextInt(items.size());
            for (int i = 0; i < count; i++) {
                itemIds.add(items.get(i).path("item_id").asText());
            }
            List<String> refundTo = new ArrayList<>();
            refundTo.add(order.path("payment_history").path(0).path("payment_method_id").asText());
            for (JsonNode method : user.path("payment_methods")) {
                if (RetailRecords.isGiftCard(method) && !refundTo.contains(method.path("id").asText())) {
                    refundTo.add(method.path("id").asText());
                }
            }
            ObjectNode args = orderArgs(order);
            args.set("item_ids", itemIds);
            args.put("payment_method_id", refundTo.get(random.nextInt(refundTo.size())));
            return new ToolCall(tool, args);
        });
    }

    private static boolean canPay(JsonNode method, BigDecimal amount) {
        return !RetailRecords.isGiftCard(method) || amount.signum() <= 0
                || Money.of(method.get("balance")).compareTo(amount) >= 0;
    }

    private static List<JsonNode> orders(Database db, JsonNode user, String status) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode id : user.path("orders")) {
            JsonNode order = db.get(RetailRecords.ORDERS, id.asText());
            if (order != null && order.path("status").asText().equals(status)) {
                out.add(order);
            }
        }
        return out;
    }

    private static ObjectNode orderArgs(JsonNode order) {
        return F.objectNode().put("order_id", order.path("order_id").asText());
    }

    private static ObjectNode withAddress(ObjectNode args, Random random) {
        args.setAll(Places.address(random));
        return args;
    }

    private static <T> Optional<T> pick(List<T> options, Random random) {
        return options.isEmpty() ? Optional.empty() : Optional.of(options.get(random.nextInt(options.size())));
    }
}
