package io.apigenmt.domains.retail;

import static io.apigenmt.domains.data.TauBenchFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.data.TauBenchFixtures;
import io.apigenmt.domains.python.PyJson;
import io.apigenmt.domains.tools.DomainEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The retail tools on tau-bench-layout fixtures: outcome, state change and observation text as
 * tau-bench's tools give them (expected texts worked out by hand from tau-bench's tool behaviour,
 * with CPython printing the numbers and JSON).
 */
class RetailTauBenchTest {

    private final RetailDomain domain = RetailDomain.onData(TauBenchFixtures.dir("retail"));

    private JsonNode record(Environment env, String table, String id) {
        return ((DomainEnvironment) env).database().get(table, id);
    }

    @Test
    void shouldAnswerReadsWithJsonAsPythonWritesIt() {
        Environment env = domain.newEnvironment();
        assertThat(call(env, "get_user_details", "{\"user_id\": \"ivan_khan_7475\"}").content()).isEqualTo(
                "{\"name\": {\"first_name\": \"Ivan\", \"last_name\": \"Khan\"}, \"address\": {\"address1\": \"159 Hickory "
                        + "Lane\", \"address2\": \"Suite 995\", \"city\": \"Washington\", \"country\": \"USA\", \"state\": \"DC\", "
                        + "\"zip\": \"20012\"}, \"email\": \"ivan.khan6479@example.com\", \"payment_methods\": {\"gift_card_1711656\": "
                        + "{\"source\": \"gift_card\", \"balance\": 62.0, \"id\": \"gift_card_1711656\"}, \"paypal_7729105\": "
                        + "{\"source\": \"paypal\", \"id\": \"paypal_7729105\"}, \"credit_card_1834742\": {\"source\": "
                        + "\"credit_card\", \"brand\": \"visa\", \"last_four\": \"4212\", \"id\": \"credit_card_1834742\"}}, "
                        + "\"orders\": [\"#W5270061\", \"#W1519594\", \"#W6443279\", \"#W7032009\"]}");
        assertThat(call(env, "list_all_product_types", "{}").content())
                .isEqualTo("{\"Office Chair\": \"4794339885\", \"Water Bottle\": \"8310926033\"}");
        assertThat(call(env, "find_user_id_by_name_zip", "{\"first_name\": \"ivan\", \"last_name\": \"KHAN\", \"zip\": \"20012\"}")
                .content()).isEqualTo("ivan_khan_7475");
        assertThat(call(env, "get_product_details", "{\"product_id\": \"1434748144\"}").content())
                .isEqualTo("Error: product not found");
    }

    @Test
    void shouldModifyRepeatedItemsPairByPairWithUnroundedFloatDifference() {
        // Given a pending order holding the same bottle twice, paid by a gift card of 62.0
        Environment env = domain.newEnvironment();

        // When both bottles are swapped for two different variants on that gift card
        Observation result = call(env, "modify_pending_order_items", "{\"order_id\": \"#W5270061\", \"item_ids\": "
                + "[\"6469567736\", \"6469567736\"], \"new_item_ids\": [\"1434748144\", \"7199146548\"], "
                + "\"payment_method_id\": \"gift_card_1711656\"}");

        // Then each pair took the first bottle still carrying the old id; the difference is Python's float sum
        assertThat(result.content()).isEqualTo("{\"order_id\": \"#W5270061\", \"user_id\": \"ivan_khan_7475\", \"address\": "
                + "{\"address1\": \"159 Hickory Lane\", \"address2\": \"Suite 995\", \"city\": \"Washington\", \"country\": "
                + "\"USA\", \"state\": \"DC\", \"zip\": \"20012\"}, \"items\": [{\"name\": \"Water Bottle\", \"product_id\": "
                + "\"8310926033\", \"item_id\": \"1434748144\", \"price\": 49.72, \"options\": {\"capacity\": \"1000ml\", "
                + "\"material\": \"glass\", \"color\": \"red\"}}, {\"name\": \"Water Bottle\", \"product_id\": \"8310926033\", "
                + "\"item_id\": \"7199146548\", \"price\": 48.02, \"options\": {\"capacity\": \"750ml\", \"material\": "
                + "\"plastic\", \"color\": \"black\"}}, {\"name\": \"Office Chair\", \"product_id\": \"4794339885\", "
                + "\"item_id\": \"8426249116\", \"price\": 488.81, \"options\": {\"material\": \"fabric\", \"color\": "
                + "\"black\", \"armrest\": \"fixed\"}}], \"fulfillments\": [], \"status\": \"pending (item modified)\", "
                + "\"payment_history\": [{\"transaction_type\": \"payment\", \"amount\": 584.49, \"payment_method_id\": "
                + "\"gift_card_1711656\"}, {\"transaction_type\": \"payment\", \"amount\": 2.059999999999995, "
                + "\"payment_method_id\": \"gift_card_1711656\"}]}");
        // and the card was charged, rounded to cents
        assertThat(record(env, "users", "ivan_khan_7475").path("payment_methods").path("gift_card_1711656")
                .path("balance").doubleValue()).isEqualTo(59.94);
    }

    @Test
    void shouldAcceptSwappingAnItemForItselfAsTauBenchDoes() {
        Environment env = domain.newEnvironment();

        Observation modified = call(env, "modify_pending_order_items", "{\"order_id\": \"#W1519594\", \"item_ids\": "
                + "[\"8426249116\"], \"new_item_ids\": [\"8426249116\"], \"payment_method_id\": \"paypal_7729105\"}");
        Observation exchanged = call(env, "exchange_delivered_order_items", "{\"order_id\": \"#W6443279\", \"item_ids\": "
                + "[\"7199146548\"], \"new_item_ids\": [\"7199146548\"], \"payment_method_id\": \"credit_card_1834742\"}");

        assertThat(modified.error()).isFalse();
        assertThat(modified.content()).endsWith("\"status\": \"pending (item modified)\", \"payment_history\": "
                + "[{\"transaction_type\": \"payment\", \"amount\": 488.81, \"payment_method_id\": \"paypal_7729105\"}, "
                + "{\"transaction_type\": \"refund\", \"amount\": 0.0, \"payment_method_id\": \"paypal_7729105\"}]}");
        assertThat(exchanged.content()).endsWith("\"status\": \"exchange requested\", \"payment_history\": "
                + "[{\"transaction_type\": \"payment\", \"amount\": 562.36, \"payment_method_id\": \"credit_card_1834742\"}], "
                + "\"exchange_items\": [\"7199146548\"], \"exchange_new_items\": [\"7199146548\"], "
                + "\"exchange_payment_method_id\": \"credit_card_1834742\", \"exchange_price_difference\": 0.0}");
    }

    @Test
    void shouldRefundEveryHistoryEntryWhenCancellingAfterAPaymentChange() {
        // Given a pending order paid by gift card (balance 62.0) moved to a credit card
        Environment env = domain.newEnvironment();
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\": \"#W5270061\", "
                + "\"payment_method_id\": \"credit_card_1834742\"}").error()).isFalse();
        assertThat(balance(env)).isEqualTo(646.49);

        // When it is cancelled
        Observation cancelled = call(env, "cancel_pending_order", "{\"order_id\": \"#W5270061\", \"reason\": \"no longer needed\"}");

        // Then, as tau-bench does, every entry of the history (the earlier refund too) is refunded
        // again, and the gift card is credited for each of its two entries
        assertThat(cancelled.content()).endsWith("\"status\": \"cancelled\", \"payment_history\": [{\"transaction_type\": "
                + "\"payment\", \"amount\": 584.49, \"payment_method_id\": \"gift_card_1711656\"}, {\"transaction_type\": "
                + "\"payment\", \"amount\": 584.49, \"payment_method_id\": \"credit_card_1834742\"}, {\"transaction_type\": "
                + "\"refund\", \"amount\": 584.49, \"payment_method_id\": \"gift_card_1711656\"}, {\"transaction_type\": "
                + "\"refund\", \"amount\": 584.49, \"payment_method_id\": \"gift_card_1711656\"}, {\"transaction_type\": "
                + "\"refund\", \"amount\": 584.49, \"payment_method_id\": \"credit_card_1834742\"}, {\"transaction_type\": "
                + "\"refund\", \"amount\": 584.49, \"payment_method_id\": \"gift_card_1711656\"}], \"cancel_reason\": "
                + "\"no longer needed\"}");
        assertThat(balance(env)).isEqualTo(1815.47);
    }

    private double balance(Environment env) {
        return record(env, "users", "ivan_khan_7475").path("payment_methods").path("gift_card_1711656").path("balance")
                .doubleValue();
    }

    @Test
    void shouldMeetWronglyTypedArgumentsAsPythonDoes() {
        Environment env = domain.newEnvironment();
        // A number where a string id is expected is simply not found, not a schema error
        assertThat(call(env, "find_user_id_by_name_zip", "{\"first_name\": \"Ivan\", \"last_name\": \"Khan\", \"zip\": 20012}")
                .content()).isEqualTo("Error: user not found");
        assertThat(call(env, "get_order_details", "{\"order_id\": 5270061}").content()).isEqualTo("Error: order not found");
        assertThat(call(env, "modify_pending_order_items", "{\"order_id\": \"#W1519594\", \"item_ids\": [8426249116], "
                + "\"new_item_ids\": [\"1793929609\"], \"payment_method_id\": \"paypal_7729105\"}").content())
                .isEqualTo("Error: 8426249116 not found");
        assertThat(call(env, "calculate", "{\"expression\": 5}").content()).isEqualTo("Error: 'int' object is not iterable");
        // Keyword arguments bind as Python binds them
        assertThat(call(env, "get_user_details", "{\"user_id\": \"ivan_khan_7475\", \"name\": \"Ivan\"}").content())
                .isEqualTo("Error: GetUserDetails.invoke() got an unexpected keyword argument 'name'");
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\": \"#W6443279\"}").content()).isEqualTo(
                "Error: ReturnDeliveredOrderItems.invoke() missing 2 required positional arguments: 'item_ids' and "
                        + "'payment_method_id'");
        assertThat(call(env, "calculate", "{\"expression\": \"(3 + 4) * 2.5\"}").content()).isEqualTo("17.5");
        assertThat(((DomainEnvironment) env).diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldCheckReturnsAndPaymentsInTauBenchsOrderAndWords() {
        Environment env = domain.newEnvironment();
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\": \"#W6443279\", \"item_ids\": [\"7199146548\"], "
                + "\"payment_method_id\": \"paypal_7729105\"}").content())
                .isEqualTo("Error: payment method should be either the original payment method or a gift card");
        assertThat(call(env, "return_delivered_order_items", "{\"order_id\": \"#W6443279\", \"item_ids\": [\"7199146548\"], "
                + "\"payment_method_id\": \"credit_card_5563042\"}").content()).isEqualTo("Error: payment method not found");
        assertThat(call(env, "modify_pending_order_payment", "{\"order_id\": \"#W1519594\", "
                + "\"payment_method_id\": \"gift_card_1711656\"}").content())
                .isEqualTo("Error: insufficient gift card balance to pay for the order");
        assertThat(call(env, "modify_pending_order_address", "{\"order_id\": \"#W7032009\", \"address1\": \"1 A St\", "
                + "\"address2\": \"\", \"city\": \"X\", \"state\": \"CA\", \"country\": \"USA\", \"zip\": \"90001\"}").content())
                .isEqualTo("Error: non-pending order cannot be modified");
        Observation returned = call(env, "return_delivered_order_items", "{\"order_id\": \"#W6443279\", \"item_ids\": "
                + "[\"1793929609\", \"7199146548\"], \"payment_method_id\": \"gift_card_1711656\"}");
        assertThat(PyJson.dumps(record(env, "orders", "#W6443279").path("return_items")))
                .isEqualTo("[\"1793929609\", \"7199146548\"]");
        assertThat(returned.content()).endsWith("\"status\": \"return requested\", \"payment_history\": [{\"transaction_type\": "
                + "\"payment\", \"amount\": 562.36, \"payment_method_id\": \"credit_card_1834742\"}], \"return_items\": "
                + "[\"1793929609\", \"7199146548\"], \"return_payment_method_id\": \"gift_card_1711656\"}");
    }

    @Test
    void shouldWriteAddressesInTauBenchsKeyOrder() {
        Environment env = domain.newEnvironment();
        Observation result = call(env, "modify_user_address", "{\"user_id\": \"mia_ito_2047\", \"address1\": \"5 Elm St\", "
                + "\"address2\": \"Apt 2\", \"city\": \"Oakland\", \"state\": \"CA\", \"country\": \"USA\", \"zip\": 94607}");
        assertThat(result.content()).contains("\"address\": {\"address1\": \"5 Elm St\", \"address2\": \"Apt 2\", "
                + "\"city\": \"Oakland\", \"state\": \"CA\", \"country\": \"USA\", \"zip\": 94607}");
    }
}
