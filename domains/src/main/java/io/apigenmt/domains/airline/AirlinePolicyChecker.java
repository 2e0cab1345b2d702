package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The airline rules decidable from a write sequence and the initial database (the airline tools
 * deliberately do not enforce policy, so this is where it is enforced).
 *
 * <p>Rules: {@code cancellation_not_allowed}, {@code too_many_payment_methods},
 * {@code too_many_passengers}, {@code basic_economy_modified}, {@code baggage_removed},
 * {@code multiple_users}, {@code unknown_entity}.
 *
 * <p>Cancellation: the customer's reason is not part of an action sequence, so a cancellation is
 * accepted when ANY of the policy's grounds holds for the reservation: booked within 24 hours
 * of now, a flight of it cancelled by the airline, business cabin, or travel insurance (assumed
 * to cover the stated reason). It is always refused once a segment has been flown (landed or
 * flying).
 */
public final class AirlinePolicyChecker implements PolicyChecker {

    static final int MAX_PASSENGERS = 5;
    static final int MAX_CERTIFICATES = 1;
    static final int MAX_CREDIT_CARDS = 1;
    static final int MAX_GIFT_CARDS = 3;

    @Override
    public List<PolicyViolation> check(List<ExecutedCall> trace, Environment initial) {
        if (!(initial instanceof DomainEnvironment environment)) {
            return List.of(new PolicyViolation("unsupported_environment",
                    "the airline policy checker needs an airline environment"));
        }
        return new Run(environment.database()).check(trace);
    }

    /** What the checker tracks of a reservation as the sequence changes it. */
    private record Tracked(String cabin, String flights, int totalBags) {}

    private static final class Run {
        private final Database db;
        private final Map<String, Tracked> tracked = new HashMap<>();
        private final Set<String> users = new LinkedHashSet<>();
        private final List<PolicyViolation> violations = new ArrayList<>();

        Run(Database db) {
            this.db = db;
        }

        List<PolicyViolation> check(List<ExecutedCall> trace) {
            for (ExecutedCall executed : trace) {
                visit(executed.call());
            }
            if (users.size() > 1) {
                violations.add(new PolicyViolation("multiple_users", "the actions concern more than one user: "
                        + String.join(", ", users) + "; a conversation may only serve the one authenticated user"));
            }
            return List.copyOf(violations);
        }

        private void visit(ToolCall call) {
            JsonNode args = call.arguments();
            switch (call.name()) {
                case "book_reservation" -> book(args);
                case "send_certificate" -> user(args.path("user_id").asText());
                case "cancel_reservation", "update_reservation_flights", "update_reservation_baggages",
                        "update_reservation_passengers" -> change(call.name(), args);
                default -> {
                    // reads and common tools decide nothing
                }
            }
        }

        private void user(String userId) {
            if (db.get(AirlineRecords.USERS, userId) == null) {
                violations.add(new PolicyViolation("unknown_entity", "user " + userId + " does not exist"));
            } else {
                users.add(userId);
            }
        }

        private void book(JsonNode args) {
            String userId = args.path("user_id").asText();
            user(userId);
            checkPassengerCount(args.path("passengers").size(), "the new booking");
            JsonNode methods = db.get(AirlineRecords.USERS, userId) == null ? null
                    : db.get(AirlineRecords.USERS, userId).path("payment_methods");
            Map<String, Integer> bySource = new HashMap<>();
            for (JsonNode payment : args.path("payment_methods")) {
                String id = payment.path("payment_id").asText();
                String source = methods != null && methods.has(id)
                        ? methods.get(id).path("source").asText() : sourceFromId(id);
                bySource.merge(source, 1, Integer::sum);
            }
            limit(bySource, "certificate", MAX_CERTIFICATES);
            limit(bySource, "credit_card", MAX_CREDIT_CARDS);
            limit(bySource, "gift_card", MAX_GIFT_CARDS);
        }

        private void limit(Map<String, Integer> bySource, String source, int max) {
            int used = bySource.getOrDefault(source, 0);
            if (used > max) {
                violations.add(new PolicyViolation("too_many_payment_methods", "the new booking pays with " + used
                        + " " + source.replace('_', ' ') + "s; at most " + max + " allowed per booking"));
            }
        }

        private void checkPassengerCount(int count, String what) {
            if (count > MAX_PASSENGERS) {
                violations.add(new PolicyViolation("too_many_passengers", what + " has " + count
                        + " passengers; at most " + MAX_PASSENGERS + " allowed"));
            }
        }

        private void change(String tool, JsonNode args) {
            String reservationId = args.path("reservation_id").asText();
            JsonNode reservation = db.get(AirlineRecords.RESERVATIONS, reservationId);
            if (reservation == null) {
                // Reservations booked earlier in the same sequence are not in the initial database.
                return;
            }
            users.add(reservation.path("user_id").asText());
            Tracked state = tracked.computeIfAbsent(reservationId, id -> new Tracked(
                    reservation.path("cabin").asText(), flightKey(reservation.path("flights")),
                    reservation.path("total_baggages").asInt()));
            switch (tool) {
                case "cancel_reservation" -> checkCancellation(reservationId, reservation, state);
                case "update_reservation_flights" -> {
                    String newFlights = flightKey(args.path("flights"));
                    if (state.cabin().equals("basic_economy") && !newFlights.equals(state.flights())) {
                        violations.add(new PolicyViolation("basic_economy_modified", "reservation " + reservationId
                                + " is basic economy; its flights cannot be modified"));
                    }
                    tracked.put(reservationId, new Tracked(args.path("cabin").asText(), newFlights,
                            state.totalBags()));
                }
                case "update_reservation_baggages" -> {
                    int newTotal = args.path("total_baggages").asInt();
                    if (newTotal < state.totalBags()) {
                        violations.add(new PolicyViolation("baggage_removed", "reservation " + reservationId
                                + " would go from " + state.totalBags() + " to " + newTotal
                                + " checked bags; bags can be added but not removed"));
                    }
                    tracked.put(reservationId, new Tracked(state.cabin(), state.flights(), newTotal));
                }
                case "update_reservation_passengers" -> checkPassengerCount(args.path("passengers").size(),
                        "reservation " + reservationId);
                default -> throw new IllegalStateException("not a reservation change: " + tool);
            }
        }

        private void checkCancellation(String reservationId, JsonNode reservation, Tracked state) {
            boolean flown = false;
            boolean airlineCancelled = false;
            for (JsonNode segment : reservation.path("flights")) {
                String status = flightStatus(segment);
                flown |= status.equals("landed") || status.equals("flying");
                airlineCancelled |= status.equals("cancelled");
            }
            if (flown) {
                violations.add(new PolicyViolation("cancellation_not_allowed", "reservation " + reservationId
                        + " has a flight segment that has already been flown"));
                return;
            }
            LocalDateTime created = LocalDateTime.parse(reservation.path("created_at").asText());
            boolean recent = !created.isBefore(AirlineRecords.NOW.minusHours(24));
            boolean business = state.cabin().equals("business");
            boolean insured = reservation.path("insurance").asText().equals("yes");
            if (!recent && !airlineCancelled && !business && !insured) {
                violations.add(new PolicyViolation("cancellation_not_allowed", "reservation " + reservationId
                        + " was booked more than 24 hours ago, is not business class, has no travel insurance and "
                        + "none of its flights was cancelled by the airline"));
            }
        }

        private String flightStatus(JsonNode segment) {
            JsonNode flight = db.get(AirlineRecords.FLIGHTS, segment.path("flight_number").asText());
            return flight == null ? "" : flight.path("dates").path(segment.path("date").asText())
                    .path("status").asText();
        }
    }

    static String flightKey(JsonNode flights) {
        StringBuilder key = new StringBuilder();
        for (JsonNode segment : flights) {
            key.append(segment.path("flight_number").asText()).append('@').append(segment.path("date").asText())
                    .append(';');
        }
        return key.toString();
    }

    private static String sourceFromId(String paymentId) {
        int cut = paymentId.lastIndexOf('_');
        return cut > 0 ? paymentId.substring(0, cut) : paymentId;
    }
}
