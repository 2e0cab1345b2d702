package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.synth.People;
import io.apigenmt.domains.synth.Places;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the retail reference database from a seed: about 500 users, 50 products with
 * about 600 variants and about 1000 orders over every status. Same seed, same bytes:
 * {@link Random}'s sequence is specified by the JDK and every collection iterated here is ordered.
 */
public final class RetailDataGenerator {

    public static final long DEFAULT_SEED = 20240515L;

    static final int USERS = 500;
    private static final int VARIANTS_PER_PRODUCT = 12;
    private static final List<String> CARD_BRANDS = List.of("visa", "mastercard", "amex", "discover");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;
    private final Set<String> usedIds = new HashSet<>();

    public RetailDataGenerator(long seed) {
        this.random = new Random(seed);
    }

    public Snapshot generate() {
        Map<String, ObjectNode> products = products();
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        Map<String, ObjectNode> orders = new LinkedHashMap<>();
        List<ObjectNode> productList = new ArrayList<>(products.values());
        for (int i = 0; i < USERS; i++) {
            NewUser created = user();
            String userId = created.id();
            ObjectNode user = created.record();
            users.put(userId, user);
            int orderCount = orderCount();
            ArrayNode orderIds = user.putArray("orders");
            for (int k = 0; k < orderCount; k++) {
                ObjectNode order = order(userId, user, productList);
                orders.put(order.path("order_id").asText(), order);
                orderIds.add(order.path("order_id").asText());
            }
        }
        Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
        tables.put(RetailRecords.USERS, users);
        tables.put(RetailRecords.PRODUCTS, products);
        tables.put(RetailRecords.ORDERS, orders);
        return Snapshot.of(tables);
    }

    private Map<String, ObjectNode> products() {
        Map<String, ObjectNode> products = new LinkedHashMap<>();
        for (RetailCatalog.ProductType type : RetailCatalog.TYPES) {
            String productId = uniqueId("", 10);
            ObjectNode product = F.objectNode();
            product.put("name", type.name());
            product.put("product_id", productId);
            ObjectNode variants = product.putObject("variants");
            List<Map<String, String>> combinations = combinations(type.axes());
            Collections.shuffle(combinations, random);
            for (Map<String, String> options : combinations.subList(0,
                    Math.min(VARIANTS_PER_PRODUCT, combinations.size()))) {
                String itemId = uniqueId("", 10);
                ObjectNode variant = variants.putObject(itemId);
                variant.put("item_id", itemId);
                ObjectNode optionNode = variant.putObject("options");
                options.forEach(optionNode::put);
                variant.put("available", random.nextInt(100) < 80);
                long cents = Math.round(type.basePrice() * 100 * (0.8 + 0.5 * random.nextDouble()));
                variant.set("price", price(Money.ofCents(cents)));
            }
            products.put(productId, product);
        }
        return products;
    }

    private static List<Map<String, String>> combinations(List<RetailCatalog.Axis> axes) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (RetailCatalog.Axis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : axis.values()) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(axis.name(), value);
                    next.add(extended);
                }
            }
            out = next;
        }
        return out;
    }

    /** A generated user: in tau-bench's layout the id is the record's key, not one of its fields. */
    private record NewUser(String id, ObjectNode record) {}

    private NewUser user() {
        People.Name name = People.name(random);
        String userId;
        do {
            userId = name.first().toLowerCase(Locale.ROOT) + "_" + name.last().toLowerCase(Locale.ROOT) + "_"
                    + (1000 + random.nextInt(9000));
        } while (!usedIds.add(userId));
        ObjectNode user = F.objectNode();
        ObjectNode nameNode = user.putObject("name");
        nameNode.put("first_name", name.first());
        nameNode.put("last_name", name.last());
        user.set("address", Places.address(random));
        user.put("email", name.first().toLowerCase(Locale.ROOT) + "." + name.last().toLowerCase(Locale.ROOT)
                + userId.substring(userId.length() - 4) + "@example.com");
        ObjectNode methods = user.putObject("payment_methods");
        List<String> kinds = new ArrayList<>(List.of("credit_card", "paypal", "gift_card"));
        Collections.shuffle(kinds, random);
        int count = 1 + random.nextInt(3);
        for (String kind : kinds.subList(0, count)) {
            String id = uniqueId(kind + "_", 7);
            ObjectNode method = methods.putObject(id);
            method.put("source", kind);
            if (kind.equals("credit_card")) {
                method.put("brand", CARD_BRANDS.get(random.nextInt(CARD_BRANDS.size())));
                method.put("last_four", People.digits(random, 4));
            } else if (kind.equals("gift_card")) {
                method.set("balance", price(Money.ofCents(random.nextInt(300_00))));
            }
            method.put("id", id);
        }
        return new NewUser(userId, user);
    }

    private int orderCount() {
        int roll = random.nextInt(100);
        return roll < 5 ? 0 : roll < 35 ? 1 : roll < 70 ? 2 : roll < 90 ? 3 : 4;
    }

    private String status() {
        int roll = random.nextInt(100);
        if (roll < 28) {
            return RetailRecords.PENDING;
        }
        if (roll < 43) {
            return RetailRecords.PROCESSED;
        }
        if (roll < 78) {
            return RetailRecords.DELIVERED;
        }
        if (roll < 90) {
            return RetailRecords.CANCELLED;
        }
        if (roll < 94) {
            return RetailRecords.ITEMS_MODIFIED;
        }
        return roll < 97 ? RetailRecords.EXCHANGE_REQUESTED : RetailRecords.RETURN_REQUESTED;
    }

    private ObjectNode order(String userId, ObjectNode user, List<ObjectNode> products) {
        String orderId = uniqueId("#W", 7);
        String status = status();
        ObjectNode order = F.objectNode();
        order.put("order_id", orderId);
        order.put("user_id", userId);
        order.set("address", random.nextInt(10) == 0 ? Places.address(random) : user.get("address").deepCopy());
        ArrayNode items = order.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        int itemCount = 1 + random.nextInt(4);
        for (int i = 0; i < itemCount; i++) {
            ObjectNode product = products.get(random.nextInt(products.size()));
            List<String> variantIds = new ArrayList<>();
            product.path("variants").fieldNames().forEachRemaining(variantIds::add);
            JsonNode variant = product.path("variants").get(variantIds.get(random.nextInt(variantIds.size())));
            ObjectNode item = items.addObject();
            item.put("name", product.path("name").asText());
            item.put("product_id", product.path("product_id").asText());
            item.put("item_id", variant.path("item_id").asText());
            item.set("price", variant.get("price").deepCopy());
            item.set("options", variant.get("options").deepCopy());
            total = total.add(Money.of(variant.get("price")));
        }
        ArrayNode fulfillments = order.putArray("fulfillments");
        if (!status.equals(RetailRecords.PENDING) && !status.equals(RetailRecords.CANCELLED)
                && !status.equals(RetailRecords.ITEMS_MODIFIED)) {
            ObjectNode shipment = fulfillments.addObject();
            shipment.putArray("tracking_id").add(People.digits(random, 12));
            ArrayNode shipped = shipment.putArray("item_ids");
            items.forEach(item -> shipped.add(item.path("item_id").asText()));
        }
        order.put("status", status);
        List<String> methodIds = new ArrayList<>();
        user.path("payment_methods").fieldNames().forEachRemaining(methodIds::add);
        String methodId = methodIds.get(random.nextInt(methodIds.size()));
        order.withArray("payment_history").add(transaction("payment", total, methodId));
        finishByStatus(order, status, methodId, total, products);
        return order;
    }

    /** The fields an order in a post-action status carries, as if the tool had produced them. */
    private void finishByStatus(ObjectNode order, String status, String methodId, BigDecimal total,
            List<ObjectNode> products) {
        JsonNode firstItem = order.path("items").get(0);
        switch (status) {
            case RetailRecords.CANCELLED -> {
                order.put("cancel_reason", random.nextBoolean()
                        ? PendingOrderTools.NO_LONGER_NEEDED : PendingOrderTools.ORDERED_BY_MISTAKE);
                order.withArray("payment_history").add(transaction("refund", total, methodId));
            }
            case RetailRecords.RETURN_REQUESTED -> {
                order.putArray("return_items").add(firstItem.path("item_id").asText());
                order.put("return_payment_method_id", methodId);
            }
            case RetailRecords.EXCHANGE_REQUESTED -> {
                JsonNode variants = products.stream()
                        .filter(p -> p.path("product_id").asText().equals(firstItem.path("product_id").asText()))
                        .findFirst().orElseThrow().path("variants");
                List<String> others = new ArrayList<>();
                variants.fieldNames().forEachRemaining(id -> {
                    if (!id.equals(firstItem.path("item_id").asText())) {
                        others.add(id);
                    }
                });
                String newItem = others.get(random.nextInt(others.size()));
                order.putArray("exchange_items").add(firstItem.path("item_id").asText());
                order.putArray("exchange_new_items").add(newItem);
                order.put("exchange_payment_method_id", methodId);
                order.set("exchange_price_difference", price(
                        Money.of(variants.get(newItem).get("price")).subtract(Money.of(firstItem.get("price")))));
            }
            default -> {
                // pending, processed, delivered and item-modified orders carry nothing more.
            }
        }
    }

    /** Prices, balances and amounts are floats in tau-bench's retail data. */
    private static JsonNode price(BigDecimal amount) {
        return Money.pyNumber(amount, false);
    }

    private static ObjectNode transaction(String type, BigDecimal amount, String methodId) {
        return RetailRecords.transaction(type, price(amount), F.textNode(methodId));
    }

    private String uniqueId(String prefix, int digits) {
        String id;
        do {
            id = prefix + People.digits(random, digits);
        } while (!usedIds.add(id));
        return id;
    }
}
