package io.apigenmt.domains.airline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirlinePolicyCheckerTest {

    private final AirlineDomain domain = new AirlineDomain();
    private final AirlineFixtures f = new AirlineFixtures(domain);
    private final ObjectMapper json = new ObjectMapper();

    private List<String> rules(String... calls) {
        return violations(calls).stream().map(PolicyViolation::rule).toList();
    }

    private List<PolicyViolation> violations(String... calls) {
        DomainEnvironment env = domain.newEnvironment();
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
        return domain.policyChecker().check(trace, domain.newEnvironment());
    }

    private static String cancel(JsonNode r) {
        return "{\"name\":\"cancel_reservation\",\"arguments\":{\"reservation_id\":\"" + r.path("reservation_id").asText() + "\"}}";
    }

    private static boolean old(JsonNode r) {
        return LocalDateTime.parse(r.path("created_at").asText()).isBefore(LocalDateTime.of(2024, 5, 14, 15, 0));
    }

    private boolean noAirlineCancellation(JsonNode r) {
        for (JsonNode s : r.path("flights")) {
            if (f.db.get("flights", s.path("flight_number").asText()).path("dates").path(s.path("date").asText())
                    .path("status").asText().equals("cancelled")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldRefuseCancellationWithoutAnyAllowedGround() {
        JsonNode r = f.reservation(x -> f.future(x) && old(x) && noAirlineCancellation(x)
                && !x.path("cabin").asText().equals("business") && x.path("insurance").asText().equals("no"));
        List<PolicyViolation> violations = violations(cancel(r));
        assertThat(violations).extracting(PolicyViolation::rule).containsExactly("cancellation_not_allowed");
        assertThat(violations.get(0).message()).contains(r.path("reservation_id").asText());
    }

    @Test
    void shouldAllowCancellationWhenInsuredBusinessOrRecent() {
        assertThat(rules(cancel(f.reservation(x -> f.future(x) && old(x) && x.path("insurance").asText().equals("yes"))))).isEmpty();
        assertThat(rules(cancel(f.reservation(x -> f.future(x) && old(x) && x.path("cabin").asText().equals("business"))))).isEmpty();
        assertThat(rules(cancel(f.reservation(x -> f.future(x) && !old(x))))).isEmpty();
    }

    @Test
    void shouldRefuseCancellationOnceASegmentWasFlown() {
        JsonNode flown = f.reservation(x -> f.past(x) && x.path("cabin").asText().equals("business"));
        assertThat(violations(cancel(flown)).get(0).message()).contains("already been flown");
    }

    private String booking(String userId, int passengers, String payments) {
        StringBuilder p = new StringBuilder("[");
        for (int i = 0; i < passengers; i++) {
            p.append(i > 0 ? "," : "").append("{\"first_name\":\"A").append(i).append("\",\"last_name\":\"B\",\"dob\":\"1990-01-01\"}");
        }
        p.append("]");
        String[] flight = f.availableFlight("economy", passengers);
        return "{\"name\":\"book_reservation\",\"arguments\":{\"user_id\":\"" + userId + "\",\"origin\":\"JFK\",\"destination\":\"LAX\","
                + "\"flight_type\":\"one_way\",\"cabin\":\"economy\",\"flights\":[{\"flight_number\":\"" + flight[0] + "\",\"date\":\""
                + flight[1] + "\"}],\"passengers\":" + p + ",\"payment_methods\":" + payments
                + ",\"total_baggages\":0,\"nonfree_baggages\":0,\"insurance\":\"no\"}}";
    }

    @Test
    void shouldFlagMoreThanFivePassengers() {
        String userId = f.db.ids("users").first();
        String card = "[{\"payment_id\":\"" + f.creditCard(userId) + "\",\"amount\":1}]";
        assertThat(rules(booking(userId, 5, card))).isEmpty();
        assertThat(rules(booking(userId, 6, card))).containsExactly("too_many_passengers");
    }

    @Test
    void shouldFlagTooManyCertificatesCardsOrGiftCards() {
        String userId = f.db.ids("users").first();
        assertThat(rules(booking(userId, 1, "[{\"payment_id\":\"certificate_1\",\"amount\":1},{\"payment_id\":\"certificate_2\",\"amount\":1}]")))
                .containsExactly("too_many_payment_methods");
        assertThat(rules(booking(userId, 1, "[{\"payment_id\":\"credit_card_1\",\"amount\":1},{\"payment_id\":\"credit_card_2\",\"amount\":1}]")))
                .containsExactly("too_many_payment_methods");
        assertThat(rules(booking(userId, 1, "[{\"payment_id\":\"gift_card_1\",\"amount\":1},{\"payment_id\":\"gift_card_2\",\"amount\":1},"
                + "{\"payment_id\":\"gift_card_3\",\"amount\":1},{\"payment_id\":\"gift_card_4\",\"amount\":1}]")))
                .containsExactly("too_many_payment_methods");
        assertThat(rules(booking(userId, 1, "[{\"payment_id\":\"certificate_1\",\"amount\":1},{\"payment_id\":\"credit_card_1\",\"amount\":1},"
                + "{\"payment_id\":\"gift_card_1\",\"amount\":1},{\"payment_id\":\"gift_card_2\",\"amount\":1},{\"payment_id\":\"gift_card_3\",\"amount\":1}]")))
                .isEmpty();
    }

    private static String updateFlights(JsonNode r, String cabin, String date) {
        JsonNode s = r.path("flights").get(0);
        return "{\"name\":\"update_reservation_flights\",\"arguments\":{\"reservation_id\":\"" + r.path("reservation_id").asText()
                + "\",\"cabin\":\"" + cabin + "\",\"flights\":[{\"flight_number\":\"" + s.path("flight_number").asText()
                + "\",\"date\":\"" + date + "\"}],\"payment_id\":\"credit_card_1\"}}";
    }

    @Test
    void shouldFlagBasicEconomyFlightChangesButAllowItsCabinChange() {
        JsonNode r = f.reservation(x -> f.future(x) && x.path("cabin").asText().equals("basic_economy")
                && x.path("flight_type").asText().equals("one_way"));
        String date = r.path("flights").get(0).path("date").asText();
        List<PolicyViolation> violations = violations(updateFlights(r, "basic_economy", "2024-05-29".equals(date) ? "2024-05-28" : "2024-05-29"));
        assertThat(violations).extracting(PolicyViolation::rule).containsExactly("basic_economy_modified");
        assertThat(violations.get(0).message()).contains(r.path("reservation_id").asText());
        assertThat(rules(updateFlights(r, "economy", date))).isEmpty();
        JsonNode economy = f.reservation(x -> f.future(x) && x.path("cabin").asText().equals("economy")
                && x.path("flight_type").asText().equals("one_way"));
        assertThat(rules(updateFlights(economy, "economy", "2024-05-29"))).isEmpty();
    }

    @Test
    void shouldFlagRemovedBaggage() {
        JsonNode r = f.reservation(x -> f.future(x) && x.path("total_baggages").asInt() > 0);
        String template = "{\"name\":\"update_reservation_baggages\",\"arguments\":{\"reservation_id\":\"" + r.path("reservation_id").asText()
                + "\",\"total_baggages\":%d,\"nonfree_baggages\":0,\"payment_id\":\"credit_card_1\"}}";
        int bags = r.path("total_baggages").asInt();
        assertThat(rules(String.format(template, bags + 1))).isEmpty();
        assertThat(rules(String.format(template, bags - 1))).containsExactly("baggage_removed");
        assertThat(rules(String.format(template, bags + 2), String.format(template, bags + 1))).containsExactly("baggage_removed");
    }

    @Test
    void shouldFlagActionsOnMoreThanOneUser() {
        String first = f.db.ids("users").first();
        String second = f.db.ids("users").last();
        String template = "{\"name\":\"send_certificate\",\"arguments\":{\"user_id\":\"%s\",\"amount\":100}}";
        assertThat(rules(String.format(template, first), String.format(template, first))).isEmpty();
        List<PolicyViolation> violations = violations(String.format(template, first), String.format(template, second));
        assertThat(violations).extracting(PolicyViolation::rule).containsExactly("multiple_users");
        assertThat(violations.get(0).message()).contains(first, second);
    }
}
