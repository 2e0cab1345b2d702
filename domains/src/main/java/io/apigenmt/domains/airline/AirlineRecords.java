package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** Lookups and business constants of the airline tables. */
final class AirlineRecords {

    static final String USERS = "users";
    static final String FLIGHTS = "flights";
    static final String RESERVATIONS = "reservations";
    static final String AIRPORTS = "airports";

    /** The domain's fixed "now" (EST), as in tau-bench; also stated in the policy text. */
    static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 15, 15, 0, 0);
    static final String TODAY = "2024-05-15";

    static final List<String> CABINS = List.of("basic_economy", "economy", "business");
    static final BigDecimal INSURANCE_PER_PASSENGER = Money.of("30");
    static final BigDecimal PRICE_PER_EXTRA_BAG = Money.of("50");

    /** Free checked bags per passenger by membership, for basic_economy/economy/business. */
    private static final Map<String, List<Integer>> FREE_BAGS = Map.of(
            "regular", List.of(0, 1, 2),
            "silver", List.of(1, 2, 3),
            "gold", List.of(2, 3, 3));

    private AirlineRecords() {}

    static int freeBagsPerPassenger(String membership, String cabin) {
        return FREE_BAGS.getOrDefault(membership, FREE_BAGS.get("regular")).get(Math.max(0, CABINS.indexOf(cabin)));
    }

    static JsonNode user(Database db, String userId) {
        JsonNode user = db.get(USERS, userId);
        if (user == null) {
            throw new ToolFailure("user not found: " + userId);
        }
        return user;
    }

    static JsonNode reservation(Database db, String reservationId) {
        JsonNode reservation = db.get(RESERVATIONS, reservationId);
        if (reservation == null) {
            throw new ToolFailure("reservation not found: " + reservationId);
        }
        return reservation;
    }

    static JsonNode activeReservation(Database db, String reservationId) {
        JsonNode reservation = reservation(db, reservationId);
        if ("cancelled".equals(reservation.path("status").asText())) {
            throw new ToolFailure("reservation " + reservationId + " is cancelled");
        }
        return reservation;
    }

    /** The flight's record for one date, which must be open for booking in the cabin for {@code seats}. */
    static JsonNode bookableFlightDate(Database db, String flightNumber, String date, String cabin, int seats) {
        JsonNode flight = db.get(FLIGHTS, flightNumber);
        if (flight == null) {
            throw new ToolFailure("flight not found: " + flightNumber);
        }
        JsonNode onDate = flight.path("dates").get(date);
        if (onDate == null) {
            throw new ToolFailure("flight " + flightNumber + " does not operate on " + date);
        }
        if (!"available".equals(onDate.path("status").asText())) {
            throw new ToolFailure("flight " + flightNumber + " is not available for booking on " + date
                    + " (status " + onDate.path("status").asText() + ")");
        }
        if (onDate.path("available_seats").path(cabin).asInt() < seats) {
            throw new ToolFailure("not enough seats in " + cabin + " on flight " + flightNumber + " on " + date);
        }
        return onDate;
    }

    static JsonNode paymentMethod(JsonNode user, String paymentId) {
        JsonNode method = user.path("payment_methods").get(paymentId);
        if (method == null) {
            throw new ToolFailure("payment method " + paymentId + " not found for user "
                    + user.path("user_id").asText());
        }
        return method;
    }

    static String source(JsonNode method) {
        return method.path("source").asText();
    }

    /** Gift cards and certificates carry an amount that must cover the charge. */
    static void requireFunds(JsonNode method, BigDecimal amount) {
        String source = source(method);
        if ((source.equals("gift_card") || source.equals("certificate")) && amount.signum() > 0
                && Money.of(method.get("amount")).compareTo(amount) < 0) {
            throw new ToolFailure("not enough balance on " + method.path("id").asText() + " to pay "
                    + Money.text(amount));
        }
    }

    /** Charges a method: gift cards lose the amount, certificates are single use and disappear. */
    static void charge(Database db, String userId, String paymentId, BigDecimal amount) {
        JsonNode current = db.get(USERS, userId);
        if (current == null || source(current.path("payment_methods").path(paymentId)).equals("credit_card")) {
            return; // credit cards have no balance: keep the user record shared
        }
        ObjectNode user = db.edit(USERS, userId);
        ObjectNode methods = (ObjectNode) user.get("payment_methods");
        JsonNode method = methods.get(paymentId);
        if (method == null) {
            return;
        }
        switch (source(method)) {
            case "gift_card" -> ((ObjectNode) method).set("amount",
                    Money.node(Money.of(method.get("amount")).subtract(amount)));
            case "certificate" -> methods.remove(paymentId);
            default -> {
                // credit cards have no balance to track
            }
        }
    }

    static void takeSeats(Database db, String flightNumber, String date, String cabin, int seats) {
        ObjectNode flight = db.edit(FLIGHTS, flightNumber);
        ObjectNode available = (ObjectNode) flight.path("dates").path(date).path("available_seats");
        available.put(cabin, available.path(cabin).asInt() - seats);
    }
}
