package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyException;
import io.apigenmt.domains.python.PyJson;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;

/** Changes to an existing reservation: flights/cabin, bags, passengers. */
final class ReservationChangeTools {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReservationChangeTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("update_reservation_flights", "Change the flights, the cabin, or both, of an "
                        + "active reservation. List the complete new itinerary, including flights that stay the "
                        + "same; a flight kept in the same cabin keeps the price originally paid, other flights "
                        + "are priced now and need free seats. The fare difference for all passengers is charged "
                        + "to or refunded on payment_id (a credit card or gift card; certificates cannot pay for "
                        + "changes). Policy rules (e.g. basic economy flights cannot change) are NOT checked; apply "
                        + "them and get an explicit yes first.",
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
                        + "payment_id (a credit card or gift card; certificates cannot pay for changes). Policy "
                        + "rules (bags cannot be removed, free allowance) are NOT checked; apply "
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

    /** A reservation that may still be changed: here (unlike tau-bench) a cancelled one is refused. */
    private static JsonNode active(Database db, Args args) {
        JsonNode reservation = AirlineRecords.find(db, AirlineRecords.RESERVATIONS, args.get("reservation_id"),
                "reservation not found");
        if (AirlineRecords.isCancelled(reservation)) {
            throw new ToolFailure("reservation is cancelled");
        }
        return reservation;
    }

    /**
     * tau-bench's flight change: a listed flight the reservation already has (same number and date,
     * cabin unchanged) keeps its price; any other is priced now and needs free seats. The fare
     * difference for all passengers is charged to, or (negative) refunded on, payment_id; a gift card
     * is credited with a refund. Unlike tau-bench the new cabin is written to the reservation.
     */
    private static Observation updateFlights(Args args, Database db) {
        JsonNode current = active(db, args);
        JsonNode cabin = args.get("cabin");
        JsonNode passengers = Py.item(current, "passengers");
        JsonNode count = Py.intNode(Py.len(passengers));
        JsonNode flights = args.copy("flights");
        JsonNode total = Py.intNode(0);
        for (JsonNode flight : Py.iterate(flights)) {
            JsonNode kept = kept(current, flight, cabin);
            if (kept != null) {
                total = Py.add(total, Py.mul(Py.item(kept, "price"), count));
                ObjectNode segment = (ObjectNode) flight;
                segment.set("price", kept.get("price").deepCopy());
                segment.set("origin", Py.item(kept, "origin").deepCopy());
                segment.set("destination", Py.item(kept, "destination").deepCopy());
                continue;
            }
            JsonNode flightData = BookingTools.flightOnDate(db, flight);
            JsonNode onDate = Py.item(flightData, "dates").get(Py.key(flight.get("date")));
            BookingTools.requireSeats(flight, onDate, cabin, passengers);
            BookingTools.price(flight, Py.item(Py.item(onDate, "prices"), BookingTools.cabinKey(cabin)), flightData);
            total = Py.add(total, Py.mul(flight.get("price"), count));
        }
        JsonNode oldFares = Py.intNode(0);
        for (JsonNode segment : Py.iterate(Py.item(current, "flights"))) {
            oldFares = Py.add(oldFares, Py.item(segment, "price"));
        }
        total = Py.sub(total, Py.mul(oldFares, count));
        String userId = userOf(db, current);
        JsonNode paymentId = args.get("payment_id");
        JsonNode method = payer(db, userId, paymentId, total);
        if (AirlineRecords.source(method).equals("gift_card")) {
            debit(db, userId, paymentId, total);
        }
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, args.key("reservation_id"));
        reservation.set("flights", flights);
        reservation.set("cabin", cabin.deepCopy());
        if (!Py.eq(total, Py.intNode(0))) {
            reservation.withArray("payment_history").add(payment(paymentId, total));
        }
        return Observation.ok(PyJson.dumps(reservation));
    }

    /** The reservation's own segment for a listed flight, when the cabin stays: its price is kept. */
    private static JsonNode kept(JsonNode reservation, JsonNode flight, JsonNode cabin) {
        for (JsonNode segment : Py.iterate(Py.item(reservation, "flights"))) {
            if (Py.eq(Py.item(segment, "flight_number"), Py.item(flight, "flight_number"))
                    && Py.eq(Py.item(segment, "date"), Py.item(flight, "date"))
                    && Py.eq(cabin, Py.item(reservation, "cabin"))) {
                return segment;
            }
        }
        return null;
    }

    private static Observation updateBaggages(Args args, Database db) {
        JsonNode current = active(db, args);
        JsonNode added = Py.sub(args.get("nonfree_baggages"), Py.item(current, "nonfree_baggages"));
        JsonNode total = Py.mul(Py.intNode(50), Py.max(Py.intNode(0), added));
        String userId = userOf(db, current);
        JsonNode paymentId = args.get("payment_id");
        JsonNode method = payer(db, userId, paymentId, total);
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, args.key("reservation_id"));
        reservation.set("total_baggages", args.copy("total_baggages"));
        reservation.set("nonfree_baggages", args.copy("nonfree_baggages"));
        if (AirlineRecords.source(method).equals("gift_card")) {
            debit(db, userId, paymentId, total);
        }
        if (!Py.eq(total, Py.intNode(0))) {
            reservation.withArray("payment_history").add(payment(paymentId, total));
        }
        return Observation.ok(PyJson.dumps(reservation));
    }

    private static Observation updatePassengers(Args args, Database db) {
        JsonNode current = AirlineRecords.find(db, AirlineRecords.RESERVATIONS, args.get("reservation_id"),
                "reservation not found");
        if (Py.len(args.get("passengers")) != Py.len(Py.item(current, "passengers"))) {
            throw new ToolFailure("number of passengers does not match");
        }
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, args.key("reservation_id"));
        reservation.set("passengers", args.copy("passengers"));
        return Observation.ok(PyJson.dumps(reservation));
    }

    /** {@code reservation["user_id"]}, which must name a user. */
    private static String userOf(Database db, JsonNode reservation) {
        JsonNode userId = Py.item(reservation, "user_id");
        if (db.get(AirlineRecords.USERS, Py.key(userId)) == null) {
            throw new PyException(Py.repr(userId));
        }
        return Py.key(userId);
    }

    /** The method that pays for a change: known, not a certificate, and a gift card must cover the charge. */
    private static JsonNode payer(Database db, String userId, JsonNode paymentId, JsonNode charge) {
        String key = Py.key(paymentId);
        JsonNode method = key == null ? null : Py.item(db.get(AirlineRecords.USERS, userId), "payment_methods").get(key);
        if (method == null) {
            throw new ToolFailure("payment method not found");
        }
        String source = AirlineRecords.source(method);
        if (source.equals("certificate")) {
            throw new ToolFailure("certificate cannot be used to update reservation");
        }
        if (source.equals("gift_card") && Py.lt(Py.item(method, "amount"), charge)) {
            throw new ToolFailure("gift card balance is not enough");
        }
        return method;
    }

    /** {@code amount -= charge} on a gift card (a negative charge credits it). */
    private static void debit(Database db, String userId, JsonNode paymentId, JsonNode charge) {
        ObjectNode method = (ObjectNode) db.edit(AirlineRecords.USERS, userId).path("payment_methods")
                .get(Py.key(paymentId));
        method.set("amount", Py.sub(method.get("amount"), charge));
    }

    private static ObjectNode payment(JsonNode paymentId, JsonNode amount) {
        ObjectNode entry = F.objectNode();
        entry.set("payment_id", paymentId.deepCopy());
        entry.set("amount", amount);
        return entry;
    }
}
