package io.apigenmt.domains.retail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetailPolicyCheckerTest {

    private final RetailDomain domain = new RetailDomain();
    private final ObjectMapper json = new ObjectMapper();
    private final Database db = domain.newEnvironment().database();

    private List<PolicyViolation> check(String... calls) {
        Environment initial = domain.newEnvironment();
        Environment env = domain.newEnvironment();
        List<ExecutedCall> trace = new ArrayList<>();
        for (String text : calls) {
            try {
                JsonNode node = json.readTree(text);
                ToolCall call = new ToolCall(node.path("name").asText(), node.path("arguments"));
                trace.add(new ExecutedCall(call, env.execute(call)));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        return domain.policyChecker().check(trace, initial);
    }

    private JsonNode order(Predicate<JsonNode> wanted) {
        return db.ids("orders").stream().map(id -> db.get("orders", id)).filter(wanted).findFirst().orElseThrow();
    }

    private static Predicate<JsonNode> status(String s) {
        return o -> o.path("status").asText().equals(s);
    }

    private String swap(String tool, JsonNode order, String method) {
        JsonNode item = order.path("items").get(0);
        String replacement = null;
        for (JsonNode v : db.get("products", item.path("product_id").asText()).path("variants")) {
            if (v.path("available").asBoolean() && !v.path("item_id").asText().equals(item.path("item_id").asText())) {
                replacement = v.path("item_id").asText();
            }
        }
        return "{\"name\":\"" + tool + "\",\"arguments\":{\"order_id\":\"" + order.path("order_id").asText()
                + "\",\"item_ids\":[\"" + item.path("item_id").asText() + "\"],\"new_item_ids\":[\"" + replacement
                + "\"],\"payment_method_id\":\"" + method + "\"}}";
    }

    private static String original(JsonNode order) {
        return order.path("payment_history").get(0).path("payment_method_id").asText();
    }

    private static String cancel(JsonNode order) {
        return "{\"name\":\"cancel_pending_order\",\"arguments\":{\"order_id\":\"" + order.path("order_id").asText()
                + "\",\"reason\":\"no longer needed\"}}";
    }

    private static List<String> rules(List<PolicyViolation> violations) {
        return violations.stream().map(PolicyViolation::rule).toList();
    }

    @Test
    void shouldAcceptASingleItemModification() {
        JsonNode order = order(status("pending"));
        assertThat(check(swap("modify_pending_order_items", order, original(order)))).isEmpty();
    }

    @Test
    void shouldFlagOrderItemsModifiedTwice() {
        JsonNode order = order(status("pending"));
        String once = swap("modify_pending_order_items", order, original(order));
        List<PolicyViolation> violations = check(once, once);
        assertThat(rules(violations)).containsExactly("order_modified_twice");
        assertThat(violations.get(0).message()).contains(order.path("order_id").asText());
        JsonNode alreadyModified = order(status("pending (item modified)"));
        assertThat(rules(check(swap("modify_pending_order_items", alreadyModified, original(alreadyModified)))))
                .containsExactly("order_modified_twice");
    }

    @Test
    void shouldFlagDeliveredOrderExchangedTwice() {
        JsonNode order = order(status("delivered"));
        String exchange = swap("exchange_delivered_order_items", order, original(order));
        assertThat(check(exchange)).isEmpty();
        assertThat(rules(check(exchange, exchange))).containsExactly("order_modified_twice");
    }

    @Test
    void shouldFlagWrongOrderStatusIncludingStatusReachedInTheSequence() {
        JsonNode delivered = order(status("delivered"));
        List<PolicyViolation> violations = check(cancel(delivered));
        assertThat(rules(violations)).containsExactly("wrong_order_status");
        assertThat(violations.get(0).message()).contains(delivered.path("order_id").asText(), "delivered");
        JsonNode pending = order(status("pending"));
        assertThat(check(cancel(pending))).isEmpty();
        assertThat(rules(check(cancel(pending), cancel(pending)))).containsExactly("wrong_order_status");
        assertThat(rules(check("{\"name\":\"return_delivered_order_items\",\"arguments\":{\"order_id\":\""
                + pending.path("order_id").asText() + "\",\"item_ids\":[\"1\"],\"payment_method_id\":\""
                + original(pending) + "\"}}"))).containsExactly("wrong_order_status");
    }

    @Test
    void shouldFlagRefundToADisallowedMethod() {
        JsonNode order = order(status("delivered").and(o -> {
            for (JsonNode m : db.get("users", o.path("user_id").asText()).path("payment_methods")) {
                if (!m.path("source").asText().equals("gift_card") && !m.path("id").asText().equals(original(o))) {
                    return true;
                }
            }
            return false;
        }));
        String other = null;
        for (JsonNode m : db.get("users", order.path("user_id").asText()).path("payment_methods")) {
            if (!m.path("source").asText().equals("gift_card") && !m.path("id").asText().equals(original(order))) {
                other = m.path("id").asText();
            }
        }
        String item = order.path("items").get(0).path("item_id").asText();
        String template = "{\"name\":\"return_delivered_order_items\",\"arguments\":{\"order_id\":\""
                + order.path("order_id").asText() + "\",\"item_ids\":[\"" + item + "\"],\"payment_method_id\":\"%s\"}}";
        assertThat(check(String.format(template, original(order)))).isEmpty();
        List<PolicyViolation> violations = check(String.format(template, other));
        assertThat(rules(violations)).containsExactly("disallowed_payment_method");
        assertThat(violations.get(0).message()).contains(other, original(order));
        assertThat(rules(check(swap("exchange_delivered_order_items", order, "credit_card_0000000"))))
                .containsExactly("disallowed_payment_method");
    }

    @Test
    void shouldFlagActionsOnMoreThanOneUser() {
        JsonNode first = order(status("pending"));
        JsonNode second = order(status("pending").and(o -> !o.path("user_id").equals(first.path("user_id"))));
        List<PolicyViolation> violations = check(cancel(first), cancel(second));
        assertThat(rules(violations)).containsExactly("multiple_users");
        assertThat(violations.get(0).message()).contains(first.path("user_id").asText(), second.path("user_id").asText());
        String sameUserAddress = "{\"name\":\"modify_user_address\",\"arguments\":{\"user_id\":\""
                + first.path("user_id").asText() + "\",\"address1\":\"a\",\"address2\":\"\",\"city\":\"c\","
                + "\"state\":\"s\",\"country\":\"USA\",\"zip\":\"1\"}}";
        assertThat(check(cancel(first), sameUserAddress)).isEmpty();
    }

    @Test
    void shouldFlagUnknownOrders() {
        assertThat(rules(check("{\"name\":\"cancel_pending_order\",\"arguments\":{\"order_id\":\"#W0000000x\","
                + "\"reason\":\"no longer needed\"}}"))).containsExactly("unknown_entity");
    }
}
