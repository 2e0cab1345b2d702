package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Changes to an existing reservation: flights/cabin, bags, passengers. */
final class ReservationChangeTools {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReservationChangeTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("update_reservation_flights", "Change the flights, the cabin, or both, of an "
                        + "active reservation. List the complete new itinerary, including flights that stay the "
                        + "same; a flight kept in the same cabin keeps the price originally paid, other flights "
                        + "are priced now and need free seats. The fare difference for all passengers is charged "
                        + "to or refunded on payment_id. Policy rules (e.g. basic economy flights cannot change) "
                        + "are NOT checked; apply them and get an explicit yes first.",
                        AirlineParameters.cabin(AirlineParameters.reservationId())
                                .array("flights", "The full list of flights after the change, in travel order.",
                                        AirlineParameters.flightItem())
                                .string("payment_id", "Id of the customer's payment method that covers or "
                                        + "receives the fare difference, e.g. 'credit_card_3920571'.")
                                .required("reservation_id", "cabin", "flights", "payment_id").build(),
                        ToolSpec.Kind.WRITE),
                ReservationChangeTools::updateFlights);
        tools.add(new ToolSpec("update_reservation_baggages", "Set the checked-bag counts of an active "
                        + "reservation. Every non-free bag beyond the current count costs $50, charged to "
                        + "payment_id. Policy rules (bags cannot be removed, free allowance) are NOT checked; apply "
                        + "them and get an explicit yes first.",
                        AirlineParameters.reservationId()
                                .integer("total_baggages", "New total of checked bags, free ones included.")
                                .integer("nonfree_baggages", "New number of paid checked bags.")
                                .string("payment_id", "Id of the customer's payment method charged for added bags, "
                                        + "e.g. 'gift_card_6184220'.")
                                .required("reservation_id", "total_baggages", "nonfree_baggages", "payment_id")
                                .build(),
                        ToolSpec.Kind.WRITE),
                ReservationChangeTools::updateBaggages);
        tools.add(new ToolSpec("update_reservation_passengers", "Overwrite the names and dates of birth of the "
                        + "passengers on an active reservation. The passenger count cannot change. Get an explicit "
                        + "yes first.",
                        AirlineParameters.reservationId()
                                .array("passengers", "The complete corrected passenger list, same length as "
                                        + "before.",
                                        AirlineParameters.passengerItem())
                                .required("reservation_id", "passengers").build(),
                        ToolSpec.Kind.WRITE),
                ReservationChangeTools::updatePassengers);
    }

    private static Observation updateFlights(Args args, Database db) {
        String reservationId = args.text("reservation_id");
        JsonNode current = AirlineRecords.activeReservation(db, reservationId);
        String userId = current.path("user_id").asText();
        String cabin = args.text("cabin");
        boolean sameCabin = cabin.equals(current.path("cabin").asText());
        int passengers = current.path("passengers").size();
        if (args.node("flights").isEmpty()) {
            throw new ToolFailure("a reservation needs at least one flight");
        }
        List<ObjectNode> segments = new ArrayList<>();
        List<ObjectNode> newSegments = new ArrayList<>();
        BigDecimal perPassenger = BigDecimal.ZERO;
        for (JsonNode requested : args.node("flights")) {
            String number = requested.path("flight_number").asText();
            String date = requested.path("date").asText();
            JsonNode kept = sameCabin ? existingSegment(current, number, date) : null;
            ObjectNode segment;
            if (kept != null) {
                segment = kept.deepCopy();
            } else {
                JsonNode onDate = AirlineRecords.bookableFlightDate(db, number, date, cabin, passengers);
                segment = BookingTools.segmentNode(db.get(AirlineRecords.FLIGHTS, number), date,
                        Money.of(onDate.path("prices").get(cabin)));
                newSegments.add(segment);
            }
            segments.add(segment);
            perPassenger = perPassenger.add(Money.of(segment.get("price")));
        }
        BigDecimal oldPerPassenger = BigDecimal.ZERO;
        for (JsonNode segment : current.path("flights")) {
            oldPerPassenger = oldPerPassenger.add(Money.of(segment.get("price")));
        }
        BigDecimal difference = perPassenger.subtract(oldPerPassenger).multiply(BigDecimal.valueOf(passengers));
        String paymentId = args.text("payment_id");
        JsonNode method = AirlineRecords.paymentMethod(AirlineRecords.user(db, userId), paymentId);
        AirlineRecords.requireFunds(method, difference);

        for (ObjectNode segment : newSegments) {
            AirlineRecords.takeSeats(db, segment.path("flight_number").asText(), segment.path("date").asText(),
                    cabin, passengers);
        }
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, reservationId);
        ArrayNode flights = F.arrayNode();
        segments.forEach(flights::add);
        reservation.set("flights", flights);
        reservation.put("cabin", cabin);
        if (difference.signum() != 0) {
            reservation.withArray("payment_history").addObject().put("payment_id", paymentId)
                    .set("amount", Money.node(difference));
            if (difference.signum() > 0) {
                AirlineRecords.charge(db, userId, paymentId, difference);
            }
        }
        return Observation.ok(reservation.toString());
    }

    private static JsonNode existingSegment(JsonNode reservation, String number, String date) {
        for (JsonNode segment : reservation.path("flights")) {
            if (segment.path("flight_number").asText().equals(number) && segment.path("date").asText().equals(date)) {
                return segment;
            }
        }
        return null;
    }

    private static Observation updateBaggages(Args args, Database db) {
        String reservationId = args.text("reservation_id");
        JsonNode current = AirlineRecords.activeReservation(db, reservationId);
        int total = args.integer("total_baggages");
        int nonfree = args.integer("nonfree_baggages");
        if (total < 0 || nonfree < 0 || nonfree > total) {
            throw new ToolFailure("bag counts must satisfy 0 <= nonfree_baggages <= total_baggages");
        }
        String userId = current.path("user_id").asText();
        String paymentId = args.text("payment_id");
        JsonNode method = AirlineRecords.paymentMethod(AirlineRecords.user(db, userId), paymentId);
        int added = Math.max(0, nonfree - current.path("nonfree_baggages").asInt());
        BigDecimal cost = AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(added));
        AirlineRecords.requireFunds(method, cost);
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, reservationId);
        reservation.put("total_baggages", total);
        reservation.put("nonfree_baggages", nonfree);
        if (cost.signum() > 0) {
            reservation.withArray("payment_history").addObject().put("payment_id", paymentId)
                    .set("amount", Money.node(cost));
            AirlineRecords.charge(db, userId, paymentId, cost);
        }
        return Observation.ok(reservation.toString());
    }

    private static Observation updatePassengers(Args args, Database db) {
        String reservationId = args.text("reservation_id");
        JsonNode current = AirlineRecords.activeReservation(db, reservationId);
        if (args.node("passengers").size() != current.path("passengers").size()) {
            throw new ToolFailure("the number of passengers cannot change: the reservation has "
                    + current.path("passengers").size() + " passengers");
        }
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, reservationId);
        reservation.set("passengers", args.node("passengers").deepCopy());
        return Observation.ok(reservation.toString());
    }
}
