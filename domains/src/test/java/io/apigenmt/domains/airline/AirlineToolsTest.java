package io.apigenmt.domains.airline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirlineToolsTest {

    private final AirlineDomain domain = new AirlineDomain();
    private final AirlineFixtures f = new AirlineFixtures(domain);
    private final ObjectMapper json = new ObjectMapper();

    private String bookingArgs(String userId, String[] flight, String cabin, String payments, int bags, int nonfree,
            String insurance) {
        JsonNode user = f.db.get("users", userId);
        JsonNode flightRecord = f.db.contains("flights", flight[0]) ? f.db.get("flights", flight[0])
                : f.db.get("flights", "HAT001");
        return "{\"user_id\":\"" + userId + "\",\"origin\":\"" + flightRecord.path("origin").asText()
                + "\",\"destination\":\"" + flightRecord.path("destination").asText()
                + "\",\"flight_type\":\"one_way\",\"cabin\":\"" + cabin + "\",\"flights\":[{\"flight_number\":\""
                + flight[0] + "\",\"date\":\"" + flight[1] + "\"}],\"passengers\":[{\"first_name\":\""
                + user.path("name").path("first_name").asText() + "\",\"last_name\":\""
                + user.path("name").path("last_name").asText() + "\",\"dob\":\"1980-01-01\"}],\"payment_methods\":"
                + payments + ",\"total_baggages\":" + bags + ",\"nonfree_baggages\":" + nonfree + ",\"insurance\":\""
                + insurance + "\"}";
    }

    private BigDecimal price(String[] flight, String cabin) {
        return Money.of(f.db.get("flights", flight[0]).path("dates").path(flight[1]).path("prices").get(cabin));
    }

    @Test
    void shouldBookWithExactPriceArithmeticInTauBenchIdsLeavingSeatCountsAlone() throws Exception {
        String userId = f.db.ids("users").first();
        String[] flight = f.availableFlight("economy", 1);
        int total = price(flight, "economy").intValueExact() + 30 + 100;
        String card = f.creditCard(userId);
        DomainEnvironment env = domain.newEnvironment();
        Observation wrong = f.call(env, "book_reservation", bookingArgs(userId, flight, "economy",
                "[{\"payment_id\":\"" + card + "\",\"amount\":" + (total + 1) + "}]", 3, 2, "yes"));
        assertThat(wrong.content()).isEqualTo("Error: payment amount does not add up, total price is " + total
                + ", but paid " + (total + 1));
        Observation ok = f.call(env, "book_reservation", bookingArgs(userId, flight, "economy",
                "[{\"payment_id\":\"" + card + "\",\"amount\":" + total + "}]", 3, 2, "yes"));
        assertThat(ok.error()).as(ok.content()).isFalse();
        JsonNode reservation = json.readTree(ok.content());
        assertThat(reservation.path("reservation_id").asText()).isEqualTo("HATHAT");
        assertThat(reservation.path("created_at").asText()).isEqualTo("2024-05-15T15:00:00");
        assertThat(env.database().get("users", userId).path("reservations").toString()).contains("HATHAT");
        DiffPatch diff = env.diffFrom(domain.newEnvironment());
        assertThat(diff.changes()).extracting(DiffPatch.Change::path).contains("reservations/HATHAT")
                .noneMatch(path -> path.startsWith("flights/"));
        // A second booking takes the next id of tau-bench's sequence.
        Observation second = f.call(env, "book_reservation", bookingArgs(userId, flight, "economy",
                "[{\"payment_id\":\"" + card + "\",\"amount\":" + total + "}]", 3, 2, "yes"));
        assertThat(json.readTree(second.content()).path("reservation_id").asText()).isEqualTo("HATHAU");
        // Same calls on another fresh environment: same ids, same state.
        DomainEnvironment replay = domain.newEnvironment();
        for (int i = 0; i < 2; i++) {
            f.call(replay, "book_reservation", bookingArgs(userId, flight, "economy",
                    "[{\"payment_id\":\"" + card + "\",\"amount\":" + total + "}]", 3, 2, "yes"));
        }
        assertThat(replay.stateHash()).isEqualTo(env.stateHash());
    }

    @Test
    void shouldRefuseBookingUnavailableFlightsUnknownPaymentsAndShortGiftCards() {
        String userId = f.db.ids("users").first();
        String[] flight = f.availableFlight("business", 1);
        DomainEnvironment env = domain.newEnvironment();
        int total = price(flight, "business").intValueExact();
        assertThat(f.call(env, "book_reservation", bookingArgs(userId, new String[] {flight[0], "2024-05-02"}, "business",
                "[{\"payment_id\":\"x\",\"amount\":1}]", 0, 0, "no")).content())
                .isEqualTo("Error: flight " + flight[0] + " not available on date 2024-05-02");
        assertThat(f.call(env, "book_reservation", bookingArgs(userId, flight, "business",
                "[{\"payment_id\":\"credit_card_0\",\"amount\":" + total + "}]", 0, 0, "no")).content())
                .isEqualTo("Error: payment method credit_card_0 not found");
        assertThat(f.call(env, "book_reservation", bookingArgs(userId, new String[] {"HAT999", flight[1]}, "business",
                "[]", 0, 0, "no")).content()).isEqualTo("Error: flight HAT999 not found");
        assertThat(f.call(env, "book_reservation", bookingArgs(userId, flight, "business", "[]", 1, 2, "no")).content())
                .isEqualTo("Error: payment amount does not add up, total price is " + (total + 100) + ", but paid 0");
        String giftUser = f.db.ids("users").stream().filter(u -> {
            for (JsonNode m : f.db.get("users", u).path("payment_methods")) {
                if (m.path("source").asText().equals("gift_card") && m.get("amount").asInt() < total) {
                    return true;
                }
            }
            return false;
        }).findFirst().orElseThrow();
        String gift = null;
        for (JsonNode m : f.db.get("users", giftUser).path("payment_methods")) {
            if (m.path("source").asText().equals("gift_card") && m.get("amount").asInt() < total) {
                gift = m.path("id").asText();
            }
        }
        assertThat(f.call(env, "book_reservation", bookingArgs(giftUser, flight, "business",
                "[{\"payment_id\":\"" + gift + "\",\"amount\":" + total + "}]", 0, 0, "no")).content())
                .isEqualTo("Error: not enough balance in payment method " + gift);
        assertThat(env.diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldCancelReservationWithRefundsAndRefuseCancellingTwice() {
        JsonNode reservation = f.reservation(f::future);
        String id = reservation.path("reservation_id").asText();
        DomainEnvironment env = domain.newEnvironment();
        assertThat(f.call(env, "cancel_reservation", "{\"reservation_id\":\"" + id + "\"}").error()).isFalse();
        JsonNode after = env.database().get("reservations", id);
        assertThat(after.path("status").asText()).isEqualTo("cancelled");
        JsonNode refund = after.path("payment_history").get(after.path("payment_history").size() - 1);
        assertThat(Money.of(refund.get("amount"))).isEqualTo(Money.of(reservation.path("payment_history").get(0).get("amount")).negate());
        assertThat(f.call(env, "cancel_reservation", "{\"reservation_id\":\"" + id + "\"}").content())
                .isEqualTo("Error: reservation is already cancelled");
        assertThat(f.call(env, "cancel_reservation", "{\"reservation_id\":\"NOPE00\"}").content())
                .isEqualTo("Error: reservation not found");
    }

    @Test
    void shouldChangeCabinChargingTheDifferenceForEveryPassenger() {
        JsonNode reservation = f.reservation(r -> f.future(r) && r.path("cabin").asText().equals("economy")
                && r.path("flight_type").asText().equals("one_way") && f.db.get("flights", r.path("flights").get(0).path("flight_number").asText())
                .path("dates").path(r.path("flights").get(0).path("date").asText()).path("available_seats").path("business").asInt() >= r.path("passengers").size());
        String id = reservation.path("reservation_id").asText();
        JsonNode segment = reservation.path("flights").get(0);
        String[] flight = {segment.path("flight_number").asText(), segment.path("date").asText()};
        BigDecimal expected = price(flight, "business").subtract(Money.of(segment.get("price")))
                .multiply(BigDecimal.valueOf(reservation.path("passengers").size()));
        String card = f.creditCard(reservation.path("user_id").asText());
        DomainEnvironment env = domain.newEnvironment();
        Observation result = f.call(env, "update_reservation_flights", "{\"reservation_id\":\"" + id + "\",\"cabin\":\"business\",\"flights\":[{\"flight_number\":\""
                + flight[0] + "\",\"date\":\"" + flight[1] + "\"}],\"payment_id\":\"" + card + "\"}");
        assertThat(result.error()).as(result.content()).isFalse();
        JsonNode after = env.database().get("reservations", id);
        assertThat(after.path("cabin").asText()).isEqualTo("business");
        JsonNode last = after.path("payment_history").get(after.path("payment_history").size() - 1);
        assertThat(Money.of(last.get("amount"))).isEqualTo(expected);
        assertThat(last.path("payment_id").asText()).isEqualTo(card);
        assertThat(f.call(env, "update_reservation_flights", "{\"reservation_id\":\"" + id + "\",\"cabin\":\"business\",\"flights\":[{\"flight_number\":\""
                + flight[0] + "\",\"date\":\"2024-05-01\"}],\"payment_id\":\"" + card + "\"}").content()).contains("not available");
    }

    @Test
    void shouldKeepPriceOfUnchangedFlights() {
        JsonNode reservation = f.reservation(r -> f.future(r) && !r.path("cabin").asText().equals("basic_economy"));
        String id = reservation.path("reservation_id").asText();
        StringBuilder flights = new StringBuilder("[");
        for (JsonNode s : reservation.path("flights")) {
            flights.append(flights.length() > 1 ? "," : "").append("{\"flight_number\":\"").append(s.path("flight_number").asText())
                    .append("\",\"date\":\"").append(s.path("date").asText()).append("\"}");
        }
        flights.append("]");
        DomainEnvironment env = domain.newEnvironment();
        assertThat(f.call(env, "update_reservation_flights", "{\"reservation_id\":\"" + id + "\",\"cabin\":\"" + reservation.path("cabin").asText()
                + "\",\"flights\":" + flights + ",\"payment_id\":\"" + f.creditCard(reservation.path("user_id").asText()) + "\"}").error()).isFalse();
        assertThat(env.diffFrom(domain.newEnvironment()).isEmpty()).isTrue();
    }

    @Test
    void shouldAddBagsChargingFiftyPerNewNonFreeBag() {
        JsonNode reservation = f.reservation(f::future);
        String id = reservation.path("reservation_id").asText();
        int total = reservation.path("total_baggages").asInt() + 2;
        int nonfree = reservation.path("nonfree_baggages").asInt() + 2;
        String card = f.creditCard(reservation.path("user_id").asText());
        DomainEnvironment env = domain.newEnvironment();
        assertThat(f.call(env, "update_reservation_baggages", "{\"reservation_id\":\"" + id + "\",\"total_baggages\":" + total
                + ",\"nonfree_baggages\":" + nonfree + ",\"payment_id\":\"" + card + "\"}").error()).isFalse();
        JsonNode after = env.database().get("reservations", id);
        assertThat(after.path("total_baggages").asInt()).isEqualTo(total);
        assertThat(after.path("nonfree_baggages").asInt()).isEqualTo(nonfree);
        JsonNode last = after.path("payment_history").get(after.path("payment_history").size() - 1);
        assertThat(Money.of(last.get("amount"))).isEqualTo(Money.of("100"));
        assertThat(f.call(env, "update_reservation_baggages", "{\"reservation_id\":\"" + id + "\",\"total_baggages\":1"
                + ",\"nonfree_baggages\":2,\"payment_id\":\"credit_card_0\"}").content())
                .isEqualTo("Error: payment method not found");
    }

    @Test
    void shouldReplacePassengersOnlyKeepingTheirNumber() {
        JsonNode reservation = f.reservation(f::future);
        String id = reservation.path("reservation_id").asText();
        StringBuilder passengers = new StringBuilder("[");
        for (int i = 0; i < reservation.path("passengers").size(); i++) {
            passengers.append(i > 0 ? "," : "").append("{\"first_name\":\"P").append(i).append("\",\"last_name\":\"Q\",\"dob\":\"1990-01-01\"}");
        }
        passengers.append("]");
        DomainEnvironment env = domain.newEnvironment();
        assertThat(f.call(env, "update_reservation_passengers", "{\"reservation_id\":\"" + id + "\",\"passengers\":" + passengers + "}").error()).isFalse();
        assertThat(env.database().get("reservations", id).path("passengers").get(0).path("first_name").asText()).isEqualTo("P0");
        String extra = passengers.substring(0, passengers.length() - 1) + ",{\"first_name\":\"X\",\"last_name\":\"Y\",\"dob\":\"2000-01-01\"}]";
        assertThat(f.call(env, "update_reservation_passengers", "{\"reservation_id\":\"" + id + "\",\"passengers\":" + extra + "}").content())
                .isEqualTo("Error: number of passengers does not match");
    }

    @Test
    void shouldSendCertificateAsNewPaymentMethod() {
        String userId = f.db.ids("users").last();
        DomainEnvironment env = domain.newEnvironment();
        Observation result = f.call(env, "send_certificate", "{\"user_id\":\"" + userId + "\",\"amount\":150}");
        assertThat(result.content()).isEqualTo("Certificate certificate_3221322 added to user " + userId + " with amount 150.");
        Set<String> before = new HashSet<>();
        f.db.get("users", userId).path("payment_methods").fieldNames().forEachRemaining(before::add);
        env.database().get("users", userId).path("payment_methods").forEach(m -> {
            if (!before.contains(m.path("id").asText())) {
                assertThat(m.path("source").asText()).isEqualTo("certificate");
                assertThat(Money.of(m.get("amount"))).isEqualTo(Money.of("150"));
            }
        });
        assertThat(env.database().get("users", userId).path("payment_methods").size()).isEqualTo(before.size() + 1);
        assertThat(env.database().get("users", userId).path("payment_methods").path("certificate_3221322").toString())
                .isEqualTo("{\"source\":\"certificate\",\"amount\":150,\"id\":\"certificate_3221322\"}");
        assertThat(f.call(env, "send_certificate", "{\"user_id\":\"" + userId + "\",\"amount\":50.5}").content())
                .isEqualTo("Certificate certificate_3221323 added to user " + userId + " with amount 50.5.");
        assertThat(f.call(env, "send_certificate", "{\"user_id\":\"ghost\",\"amount\":10}").content())
                .isEqualTo("Error: user not found");
    }

    @Test
    void shouldSearchDirectAndOneStopFlightsAndListAirports() throws Exception {
        DomainEnvironment env = domain.newEnvironment();
        assertThat(json.readTree(f.call(env, "list_all_airports", "{}").content())).hasSize(20);
        String[] flight = f.availableFlight("economy", 0);
        JsonNode record = f.db.get("flights", flight[0]);
        JsonNode direct = json.readTree(f.call(env, "search_direct_flight", "{\"origin\":\"" + record.path("origin").asText()
                + "\",\"destination\":\"" + record.path("destination").asText() + "\",\"date\":\"" + flight[1] + "\"}").content());
        assertThat(direct.findValuesAsText("flight_number")).contains(flight[0]);
        direct.forEach(offer -> assertThat(offer.path("status").asText()).isEqualTo("available"));
        boolean anyOneStop = false;
        for (String destination : AirlineRecords.AIRPORTS.keySet()) {
            JsonNode pairs = json.readTree(f.call(env, "search_onestop_flight", "{\"origin\":\"" + record.path("origin").asText()
                    + "\",\"destination\":\"" + destination + "\",\"date\":\"" + flight[1] + "\"}").content());
            for (JsonNode pair : pairs) {
                anyOneStop = true;
                assertThat(pair.get(0).path("destination").asText()).isEqualTo(pair.get(1).path("origin").asText());
                assertThat(pair.get(1).path("destination").asText()).isEqualTo(destination);
            }
        }
        assertThat(anyOneStop).isTrue();
        JsonNode user = json.readTree(f.call(env, "get_user_details", "{\"user_id\":\"" + f.db.ids("users").first() + "\"}").content());
        assertThat(user.path("membership").asText()).isIn("regular", "silver", "gold");
        assertThat(f.call(env, "get_reservation_details", "{\"reservation_id\":\"" + f.db.ids("reservations").first() + "\"}").error()).isFalse();
    }

    @Test
    void shouldGenerateTheSameDatabaseForTheSameSeedAtReferenceScale() {
        assertThat(new Database(new AirlineDataGenerator(AirlineDataGenerator.DEFAULT_SEED).generate()).hash())
                .isEqualTo(domain.newEnvironment().stateHash());
        assertThat(domain.snapshot().sizes()).containsOnlyKeys("users", "flights", "reservations")
                .containsEntry("flights", 300).containsEntry("users", 500);
        assertThat(domain.snapshot().sizes().get("reservations")).isBetween(1800, 2200);
        for (String number : f.db.ids("flights")) {
            assertThat(number).matches("HAT\\d{3}");
            assertThat(f.db.get("flights", number).path("dates").size()).isEqualTo(30);
        }
        for (String id : f.db.ids("reservations")) {
            assertThat(id).matches("[A-Z0-9]{6}");
        }
    }

    @Test
    void shouldGenerateOvernightFlightsInTauBenchsNotationAndSearchThroughThem() {
        // Given the generated flights that land after midnight ("01:30:00+1", as tau-bench writes them)
        var overnight = f.db.ids("flights").stream()
                .filter(n -> f.db.get("flights", n).path("scheduled_arrival_time_est").asText().endsWith("+1")).toList();
        assertThat(overnight).isNotEmpty();
        DomainEnvironment env = domain.newEnvironment();
        for (String number : overnight) {
            JsonNode flight = f.db.get("flights", number);
            // When one-stop flights are searched from their origin, then the search answers
            Observation result = f.call(env, "search_onestop_flight", "{\"origin\":\"" + flight.path("origin").asText()
                    + "\",\"destination\":\"SEA\",\"date\":\"2024-05-20\"}");
            assertThat(result.error()).as(result.content()).isFalse();
        }
    }
}
