package io.apigenmt.domains.retail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.math.BigDecimal;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetailToolsTest {

    private final RetailDomain domain = new RetailDomain();
    private final ObjectMapper json = new ObjectMapper();

    private Observation call(DomainEnvironment env, String tool, String args) {
        try {
            return env.execute(new ToolCall(tool, json.readTree(args)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Database db() {
        return domain.newEnvironment().database();
    }

    private JsonNode order(Predicate<JsonNode> wanted) {
        Database db = db();
        return db.ids("orders").stream().map(id -> db.get("orders", id)).filter(wanted).findFirst().orElseThrow();
    }

    private static Predicate<JsonNode> status(String status) {
        return o -> o.path("status").asText().equals(status);
    }

    private JsonNode user(String userId) {
        return db().get("users", userId);
    }

    /** An available different variant of the product of the order's first item. */
    private JsonNode alternative(JsonNode item) {
        for (JsonNode variant : db().get("products", item.path("product_id").asText()).path("variants")) {
            if (variant.path("available").asBoolean() && !variant.path("item_id").asText().equals(item.path("item_id").asText())) {
                return variant;
            }
        }
        throw new IllegalStateException("no alternative");
    }

    @Test
    void shouldFindUserByEmailAndByNameAndZip() {
        String userId = db().ids("users").first();
        JsonNode user = user(userId);
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "find_user_id_by_email", "{\"email\":\"" + user.path("email").asText().toUpperCase(java.util.Locale.ROOT) + "\"}").content())
                .isEqualTo(userId);
        assertThat(call(env, "find_user_id_by_name_zip", "{\"first_name\":\"" + user.path("name").path("first_name").asText()
                + "\",\"last_name\":\"" + user.path("name").path("last_name").asText() + "\",\"zip\":\""
                + user.path("address").path("zip").asText() + "\"}").content()).isEqualTo(userId);
        assertThat(call(env, "find_user_id_by_email", "{\"email\":\"nobody@nowhere.test\"}").content())
                .isEqualTo("Error: user not found");
        assertThat(call(env, "find_user_id_by_name_zip", "{\"first_name\":\"No\",\"last_name\":\"Body\",\"zip\":\"00000\"}")
                .error()).isTrue();
    }

    @Test
    void shouldReturnDetailsOfUsersOrdersAndProducts() throws Exception {
        DomainEnvironment env = domain.newEnvironment();
        JsonNode order = order(status("pending"));
        JsonNode got = json.readTree(call(env, "get_order_details", "{\"order_id\":\"" + order.path("order_id").asText() + "\"}").content());
        assertThat(io.apigenmt.domains.state.JsonDiff.same(got, order)).as(got.toString()).isTrue();
        JsonNode user = json.readTree(call(env, "get_user_details", "{\"user_id\":\"" + order.path("user_id").asText() + "\"}").content());
        assertThat(user.path("orders").toString()).contains(order.path("order_id").asText());
        String productId = order.path("items").get(0).path("product_id").asText();
        JsonNode product = json.readTree(call(env, "get_product_details", "{\"product_id\":\"" + productId + "\"}").content());
        assertThat(product.path("variants").size()).isGreaterThan(1);
        JsonNode types = json.readTree(call(env, "list_all_product_types", "{}").content());
        assertThat(types.size()).isEqualTo(50);
        assertThat(call(env, "get_order_details", "{\"order_id\":\"#W0000000x\"}").content()).isEqualTo("Error: order not found");
        assertThat(call(env, "get_user_details", "{\"user_id\":\"ghost\"}").content()).isEqualTo("Error: user not found");
        assertThat(call(env, "get_product_details", "{\"product_id\":\"1\"}").error()).isTrue();
    }

    @Test
    void shouldCalculateThinkAndTransfer() {
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "calculate", "{\"expression\":\"(10 + 2.5) * 3 / 2\"}").content()).isEqualTo("18.75");
        assertThat(call(env, "calculate", "{\"expression\":\"1 / 0\"}").content()).isEqualTo("Error: division by zero");
        assertThat(call(env, "calculate", "{\"expression\":\"import os\"}").error()).isTrue();
        assertThat(call(env, "think", "{\"thought\":\"hm\"}")).isEqualTo(Observation.ok(""));
        Observation transfer = call(env, "transfer_to_human_agents", "{\"summary\":\"wants a human\"}");
        assertThat(transfer.terminates()).isTrue();
        assertThat(transfer.error()).isFalse();
        assertThat(env.diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldRejectUnknownToolsAndInvalidArgumentsWithoutThrowing() {
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "drop_database", "{}").content()).isEqualTo("Unknown action drop_database");
        assertThat(call(env, "drop_database", "{}").error()).isTrue();
        String pending = order(status("pending")).path("order_id").asText();
        assertThat(call(env, "cancel_pending_order", "{\"order_id\":\"" + pending + "\",\"reason\":\"bored\"}").content())
                .isEqualTo("Error: invalid reason");
        assertThat(call(env, "get_order_details", "{}").content())
                .isEqualTo("Error: GetOrderDetails.invoke() missing 1 required positional argument: 'order_id'");
    }

    @Test
    void shouldCancelPendingOrderAndRefundEveryPayment() {
        JsonNode order = order(status("pending").and(o -> o.path("payment_history").size() == 1));
        String id = order.path("order_id").asText();
        DomainEnvironment env = domain.newEnvironment();
        Observation result = call(env, "cancel_pending_order", "{\"order_id\":\"" + id + "\",\"reason\":\"ordered by mistake\"}");
        assertThat(result.error()).isFalse();
        JsonNode after = env.database().get("orders", id);
        assertThat(after.path("status").asText()).isEqualTo("cancelled");
        assertThat(after.path("cancel_reason").asText()).isEqualTo("ordered by mistake");
        JsonNode refund = after.path("payment_history").get(1);
        assertThat(refund.path("transaction_type").asText()).isEqualTo("refund");
        assertThat(Money.of(refund.get("amount"))).isEqualTo(Money.of(order.path("payment_history").get(0).get("amount")));
        assertThat(refund.path("payment_method_id").asText()).isEqualTo(order.path("payment_history").get(0).path("payment_method_id").asText());
        DiffPatch diff = env.diffFrom(domain.newEnvironment());
        assertThat(diff.changes()).extracting(DiffPatch.Change::path).contains("orders/" + id + "/status",
                "orders/" + id + "/cancel_reason", "orders/" + id + "/payment_history/1");
    }

    @Test
    void shouldRefundCancelledGiftCardPaymentToTheCardBalance() {
        Database db = db();
        JsonNode order = order(status("pending").and(o -> o.path("payment_history").size() == 1
                && o.path("payment_history").get(0).path("payment_method_id").asText().startsWith("gift_card_")));
        String card = order.path("payment_history").get(0).path("payment_method_id").asText();
        BigDecimal before = Money.of(db.get("users", order.path("user_id").asText()).path("payment_methods").path(card).get("balance"));
        DomainEnvironment env = domain.newEnvironment();
        call(env, "cancel_pending_order", "{\"order_id\":\"" + order.path("order_id").asText() + "\",\"reason\":\"no longer needed\"}");
        BigDecimal after = Money.of(env.database().get("users", order.path("user_id").asText()).path("payment_methods").path(card).get("balance"));
        assertThat(after).isEqualTo(before.add(Money.of(order.path("payment_history").get(0).get("amount"))));
    }

    @Test
    void shouldRefuseToCancelDeliveredOrder() {
        String id = order(status("delivered")).path("order_id").asText();
        DomainEnvironment env = domain.newEnvironment();
        Observation result = call(env, "cancel_pending_order", "{\"order_id\":\"" + id + "\",\"reason\":\"no longer needed\"}");
        assertThat(result.content()).isEqualTo("Error: non-pending order cannot be cancelled");
        assertThat(env.diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldModifyPendingOrderAddressAndUserAddress() {
        JsonNode order = order(status("pending"));
        String id = order.path("order_id").asText();
        String address = "\"address1\":\"1 Test Way\",\"address2\":\"\",\"city\":\"Boise\",\"state\":\"ID\",\"country\":\"USA\",\"zip\":\"83701\"";
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "modify_pending_order_address", "{\"order_id\":\"" + id + "\"," + address + "}").error()).isFalse();
        assertThat(env.database().get("orders", id).path("address").path("zip").asText()).isEqualTo("83701");
        assertThat(env.database().get("orders", id).path("address").path("address1").asText()).isEqualTo("1 Test Way");
        String userId = order.path("user_id").asText();
        assertThat(call(env, "modify_user_address", "{\"user_id\":\"" + userId + "\"," + address + "}").error()).isFalse();
        assertThat(env.database().get("users", userId).path("address").path("city").asText()).isEqualTo("Boise");
        assertThat(call(env, "modify_user_address", "{\"user_id\":\"ghost\"," + address + "}").error()).isTrue();
        String processed = order(status("processed")).path("order_id").asText();
        assertThat(call(env, "modify_pending_order_address", "{\"order_id\":\"" + processed + "\"," + address + "}").content())
                .isEqualTo("Error: non-pending order cannot be modified");
    }

    @Test
    void shouldModifyPendingOrderPaymentAndMoveTheMoney() {
        Database db = db();
        JsonNode order = order(status("pending").and(o -> o.path("payment_history").size() == 1
                && db.get("users", o.path("user_id").asText()).path("payment_methods").size() > 1));
        String id = order.path("order_id").asText();
        String current = order.path("payment_history").get(0).path("payment_method_id").asText();
        JsonNode user = db.get("users", order.path("user_id").asText());
        String other = null;
        for (JsonNode method : user.path("payment_methods")) {
            if (!method.path("id").asText().equals(current) && !method.path("source").asText().equals("gift_card")) {
                other = method.path("id").asText();
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null);
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\":\"" + id + "\",\"payment_method_id\":\"" + current + "\"}").content())
                .contains("different from the current one");
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\":\"" + id + "\",\"payment_method_id\":\"paypal_0\"}").content())
                .isEqualTo("Error: payment method not found");
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\":\"" + id + "\",\"payment_method_id\":\"" + other + "\"}").error()).isFalse();
        JsonNode history = env.database().get("orders", id).path("payment_history");
        assertThat(history).hasSize(3);
        assertThat(history.get(1).path("payment_method_id").asText()).isEqualTo(other);
        assertThat(history.get(1).path("transaction_type").asText()).isEqualTo("payment");
        assertThat(history.get(2).path("payment_method_id").asText()).isEqualTo(current);
        assertThat(history.get(2).path("transaction_type").asText()).isEqualTo("refund");
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\":\"" + id + "\",\"payment_method_id\":\"" + current + "\"}").content())
                .contains("exactly one payment");
    }

    @Test
    void shouldRefuseGiftCardWithoutEnoughBalance() {
        Database db = db();
        JsonNode order = order(status("pending").and(o -> {
            BigDecimal amount = Money.of(o.path("payment_history").get(0).get("amount"));
            for (JsonNode m : db.get("users", o.path("user_id").asText()).path("payment_methods")) {
                if (m.path("source").asText().equals("gift_card") && Money.of(m.get("balance")).compareTo(amount) < 0
                        && !m.path("id").asText().equals(o.path("payment_history").get(0).path("payment_method_id").asText())) {
                    return o.path("payment_history").size() == 1;
                }
            }
            return false;
        }));
        String card = null;
        for (JsonNode m : db.get("users", order.path("user_id").asText()).path("payment_methods")) {
            if (m.path("source").asText().equals("gift_card")) {
                card = m.path("id").asText();
            }
        }
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\":\"" + order.path("order_id").asText()
                + "\",\"payment_method_id\":\"" + card + "\"}").content()).contains("insufficient gift card balance");
    }

    @Test
    void shouldModifyPendingOrderItemsOnceAndSettleThePriceDifference() {
        JsonNode order = order(status("pending").and(o -> o.path("payment_history").size() == 1
                && !o.path("payment_history").get(0).path("payment_method_id").asText().startsWith("gift_card")));
        String id = order.path("order_id").asText();
        JsonNode item = order.path("items").get(0);
        JsonNode replacement = alternative(item);
        String method = order.path("payment_history").get(0).path("payment_method_id").asText();
        String args = "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + item.path("item_id").asText() + "\"],\"new_item_ids\":[\""
                + replacement.path("item_id").asText() + "\"],\"payment_method_id\":\"" + method + "\"}";
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "modify_pending_order_items", args).error()).isFalse();
        JsonNode after = env.database().get("orders", id);
        assertThat(after.path("status").asText()).isEqualTo("pending (item modified)");
        assertThat(after.path("items").get(0).path("item_id").asText()).isEqualTo(replacement.path("item_id").asText());
        assertThat(Money.of(after.path("items").get(0).get("price"))).isEqualTo(Money.of(replacement.get("price")));
        BigDecimal difference = Money.of(replacement.get("price")).subtract(Money.of(item.get("price")));
        JsonNode entry = after.path("payment_history").get(1);
        assertThat(entry.path("transaction_type").asText()).isEqualTo(difference.signum() > 0 ? "payment" : "refund");
        assertThat(Money.of(entry.get("amount"))).isEqualTo(difference.abs());
        assertThat(call(env, "modify_pending_order_items", args).content()).isEqualTo("Error: non-pending order cannot be modified");
    }

    @Test
    void shouldRefuseItemChangesToOtherProductsUnavailableOrUnknownItems() {
        JsonNode order = order(status("pending").and(o -> o.path("items").size() > 1
                && !o.path("items").get(0).path("product_id").asText().equals(o.path("items").get(1).path("product_id").asText())));
        String id = order.path("order_id").asText();
        String method = order.path("payment_history").get(0).path("payment_method_id").asText();
        JsonNode first = order.path("items").get(0);
        JsonNode second = order.path("items").get(1);
        DomainEnvironment env = domain.newEnvironment();
        String otherProduct = alternative(second).path("item_id").asText();
        assertThat(call(env, "modify_pending_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + first.path("item_id").asText()
                + "\"],\"new_item_ids\":[\"" + otherProduct + "\"],\"payment_method_id\":\"" + method + "\"}").content())
                .isEqualTo("Error: new item " + otherProduct + " not found or available");
        assertThat(call(env, "modify_pending_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"999\"],\"new_item_ids\":[\"1\"],"
                + "\"payment_method_id\":\"" + method + "\"}").content()).isEqualTo("Error: 999 not found");
        assertThat(call(env, "modify_pending_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + first.path("item_id").asText()
                + "\"],\"new_item_ids\":[],\"payment_method_id\":\"" + method + "\"}").content())
                .isEqualTo("Error: the number of items to be exchanged should match");
        String unavailable = null;
        for (JsonNode v : db().get("products", first.path("product_id").asText()).path("variants")) {
            if (!v.path("available").asBoolean()) {
                unavailable = v.path("item_id").asText();
            }
        }
        if (unavailable != null && !unavailable.equals(first.path("item_id").asText())) {
            assertThat(call(env, "modify_pending_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + first.path("item_id").asText()
                    + "\"],\"new_item_ids\":[\"" + unavailable + "\"],\"payment_method_id\":\"" + method + "\"}").content())
                    .isEqualTo("Error: new item " + unavailable + " not found or available");
        }
        assertThat(env.diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldExchangeDeliveredOrderItemsOnlyOnce() {
        JsonNode order = order(status("delivered"));
        String id = order.path("order_id").asText();
        JsonNode item = order.path("items").get(0);
        JsonNode replacement = alternative(item);
        String method = order.path("payment_history").get(0).path("payment_method_id").asText();
        JsonNode user = user(order.path("user_id").asText());
        String credit = user.path("payment_methods").fieldNames().next();
        for (JsonNode m : user.path("payment_methods")) {
            if (!m.path("source").asText().equals("gift_card")) {
                credit = m.path("id").asText();
            }
        }
        String args = "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + item.path("item_id").asText() + "\"],\"new_item_ids\":[\""
                + replacement.path("item_id").asText() + "\"],\"payment_method_id\":\"" + credit + "\"}";
        DomainEnvironment env = domain.newEnvironment();
        Observation result = call(env, "exchange_delivered_order_items", args);
        assertThat(result.error()).as(result.content()).isFalse();
        JsonNode after = env.database().get("orders", id);
        assertThat(after.path("status").asText()).isEqualTo("exchange requested");
        assertThat(after.path("exchange_items").get(0).asText()).isEqualTo(item.path("item_id").asText());
        assertThat(after.path("exchange_new_items").get(0).asText()).isEqualTo(replacement.path("item_id").asText());
        assertThat(Money.of(after.get("exchange_price_difference")))
                .isEqualTo(Money.of(replacement.get("price")).subtract(Money.of(item.get("price"))));
        assertThat(after.path("payment_history")).hasSize(order.path("payment_history").size());
        assertThat(call(env, "exchange_delivered_order_items", args).content()).isEqualTo("Error: non-delivered order cannot be exchanged");
        assertThat(call(env, "exchange_delivered_order_items", args.replace(id, order(status("pending")).path("order_id").asText())).error()).isTrue();
        assertThat(method).isNotBlank();
    }

    @Test
    void shouldReturnDeliveredItemsOnlyToOriginalMethodOrGiftCard() {
        Database db = db();
        JsonNode order = order(status("delivered").and(o -> {
            String original = o.path("payment_history").get(0).path("payment_method_id").asText();
            for (JsonNode m : db.get("users", o.path("user_id").asText()).path("payment_methods")) {
                if (!m.path("source").asText().equals("gift_card") && !m.path("id").asText().equals(original)) {
                    return true;
                }
            }
            return false;
        }));
        String id = order.path("order_id").asText();
        String original = order.path("payment_history").get(0).path("payment_method_id").asText();
        String disallowed = null;
        for (JsonNode m : user(order.path("user_id").asText()).path("payment_methods")) {
            if (!m.path("source").asText().equals("gift_card") && !m.path("id").asText().equals(original)) {
                disallowed = m.path("id").asText();
            }
        }
        String item = order.path("items").get(0).path("item_id").asText();
        DomainEnvironment env = domain.newEnvironment();
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + item
                + "\"],\"payment_method_id\":\"" + disallowed + "\"}").content())
                .isEqualTo("Error: payment method should be either the original payment method or a gift card");
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + item + "\",\"" + item + "\",\""
                + item + "\",\"" + item + "\",\"" + item + "\"],\"payment_method_id\":\"" + original + "\"}").content()).isEqualTo("Error: some item not found");
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\":\"" + id + "\",\"item_ids\":[\"" + item
                + "\"],\"payment_method_id\":\"" + original + "\"}").error()).isFalse();
        JsonNode after = env.database().get("orders", id);
        assertThat(after.path("status").asText()).isEqualTo("return requested");
        assertThat(after.path("return_items").get(0).asText()).isEqualTo(item);
        assertThat(after.path("return_payment_method_id").asText()).isEqualTo(original);
        DiffPatch diff = env.diffFrom(domain.newEnvironment());
        assertThat(diff.changes()).extracting(DiffPatch.Change::path).containsExactly("orders/" + id + "/return_items",
                "orders/" + id + "/return_payment_method_id", "orders/" + id + "/status");
    }

    @Test
    void shouldReplayTheSameActionsToTheSameHash() {
        JsonNode order = order(status("pending"));
        String args = "{\"order_id\":\"" + order.path("order_id").asText() + "\",\"reason\":\"no longer needed\"}";
        DomainEnvironment first = domain.newEnvironment();
        DomainEnvironment second = domain.newEnvironment();
        call(first, "cancel_pending_order", args);
        call(second, "get_order_details", "{\"order_id\":\"" + order.path("order_id").asText() + "\"}");
        call(second, "cancel_pending_order", args);
        assertThat(first.stateHash()).isEqualTo(second.stateHash());
        assertThat(first.stateHash()).isNotEqualTo(domain.newEnvironment().stateHash());
    }

    @Test
    void shouldGenerateTheSameDatabaseForTheSameSeedAtReferenceScale() {
        assertThat(new Database(new RetailDataGenerator(RetailDataGenerator.DEFAULT_SEED).generate()).hash())
                .isEqualTo(domain.newEnvironment().stateHash());
        assertThat(new Database(new RetailDataGenerator(7).generate()).hash()).isNotEqualTo(domain.newEnvironment().stateHash());
        Database db = db();
        assertThat(domain.snapshot().sizes()).containsEntry("users", 500).containsEntry("products", 50);
        assertThat(domain.snapshot().sizes().get("orders")).isBetween(900, 1100);
        long variants = db.ids("products").stream().mapToLong(id -> db.get("products", id).path("variants").size()).sum();
        assertThat(variants).isBetween(550L, 650L);
        java.util.Set<String> statuses = new java.util.HashSet<>();
        for (String id : db.ids("orders")) {
            JsonNode order = db.get("orders", id);
            statuses.add(order.path("status").asText());
            assertThat(id).matches("#W\\d{7}");
            assertThat(order.path("user_id").asText()).matches("[a-z]+_[a-z]+_\\d{4}");
        }
        assertThat(statuses).contains("pending", "processed", "delivered", "cancelled", "pending (item modified)",
                "exchange requested", "return requested");
        ObjectNode anyUser = (ObjectNode) db.get("users", db.ids("users").first());
        anyUser.path("payment_methods").fieldNames().forEachRemaining(pm ->
                assertThat(pm).matches("(credit_card|paypal|gift_card)_\\d{7}"));
    }
}
