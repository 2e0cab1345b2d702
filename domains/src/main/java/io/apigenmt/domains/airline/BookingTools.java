package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyException;
import io.apigenmt.domains.python.PyJson;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.util.ArrayList;
import java.util.List;

/** Creating and cancelling reservations, and goodwill certificates. */
final class BookingTools {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BookingTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("book_reservation", "Create a new reservation for the customer. The tool only "
                        + "verifies that every flight is open for booking with enough seats in the cabin and that "
                        + "the payment amounts sum exactly to the total: cabin prices of all flights times the "
                        + "number of passengers, + $30 per passenger with insurance, + $50 per non-free bag. Policy "
                        + "limits (passenger count, payment mix, free bag allowance) are NOT checked; apply them "
                        + "yourself and get an explicit yes before calling.",
                        AirlineParameters.cabin(Parameters.object()
                                        .string("user_id", "User id of the customer who owns the booking, e.g. "
                                                + "'maya_novak_4821'.")
                                        .string("origin", "IATA code where the trip starts, e.g. 'SEA'.")
                                        .string("destination", "IATA code of the trip's destination (the turnaround "
                                                + "point of a round trip), e.g. 'MIA'.")
                                        .enumeration("flight_type", "One-way or round trip.", "one_way", "round_trip"))
                                .array("flights", "All flights of the trip in the order they are flown, outbound "
                                        + "and return legs included.", AirlineParameters.flightItem())
                                .array("passengers", "Everyone travelling on this booking.",
                                        AirlineParameters.passengerItem())
                                .array("payment_methods", "The customer's payment methods and the amount each "
                                        + "pays; together they must equal the total exactly.",
                                        AirlineParameters.paymentItem())
                                .integer("total_baggages", "Checked bags on the booking, free ones included.")
                                .integer("nonfree_baggages", "How many of those checked bags are paid ($50 each).")
                                .enumeration("insurance", "'yes' to add travel insurance ($30 per passenger).",
                                        "yes", "no")
                                .required("user_id", "origin", "destination", "flight_type", "cabin", "flights",
                                        "passengers", "payment_methods", "total_baggages", "nonfree_baggages",
                                        "insurance")
                                .build(),
                        ToolSpec.Kind.WRITE),
                BookingTools::book);
        tools.add(new ToolSpec("cancel_reservation", "Cancel an active reservation in full and refund each payment "
                        + "to the method it came from. Whether cancellation is allowed is NOT checked: confirm the "
                        + "policy conditions yourself and get an explicit yes before calling.",
                        AirlineParameters.reservationId().required("reservation_id").build(), ToolSpec.Kind.WRITE),
                BookingTools::cancel);
        tools.add(new ToolSpec("send_certificate", "Add a travel certificate worth the given amount to the "
                        + "customer's payment methods, typically as compensation for a cancelled or delayed "
                        + "flight. Eligibility and amount are NOT checked; follow the compensation policy.",
                        Parameters.object()
                                .string("user_id", "User id of the customer receiving it, e.g. 'maya_novak_4821'.")
                                .number("amount", "Value of the certificate in dollars.")
                                .required("user_id", "amount").build(),
                        ToolSpec.Kind.WRITE),
                BookingTools::sendCertificate);
    }

    /**
     * tau-bench's booking: user, then each flight (exists, flies that day, open for booking, enough
     * seats), then each payment (known, balance covers it), then the sum. Seats are not taken (tau-bench
     * never writes seat counts); gift cards lose the amount, certificates are used up.
     */
    private static Observation book(Args args, Database db) {
        JsonNode user = AirlineRecords.find(db, AirlineRecords.USERS, args.get("user_id"), "user not found");
        String userId = args.key("user_id");
        String reservationId = ReservationIds.newReservationId(db);
        JsonNode passengers = args.get("passengers");
        JsonNode flights = args.copy("flights");
        JsonNode cabin = args.get("cabin");
        JsonNode total = Py.intNode(0);
        for (JsonNode flight : Py.iterate(flights)) {
            JsonNode flightData = flightOnDate(db, flight);
            JsonNode onDate = Py.item(Py.item(flightData, "dates"), Py.item(flight, "date").textValue());
            requireSeats(flight, onDate, cabin, passengers);
            price(flight, Py.item(Py.item(onDate, "prices"), cabinKey(cabin)), flightData);
            total = Py.add(total, Py.mul(flight.get("price"), Py.intNode(Py.len(passengers))));
        }
        if (Py.eq(args.get("insurance"), F.textNode("yes"))) {
            total = Py.add(total, Py.mul(Py.intNode(30), Py.intNode(Py.len(passengers))));
        }
        total = Py.add(total, Py.mul(Py.intNode(50), args.get("nonfree_baggages")));
        JsonNode methods = Py.item(user, "payment_methods");
        List<JsonNode> payments = args.list("payment_methods");
        for (JsonNode payment : payments) {
            JsonNode paymentId = Py.item(payment, "payment_id");
            JsonNode amount = Py.item(payment, "amount");
            JsonNode method = Py.key(paymentId) == null ? null : methods.get(Py.key(paymentId));
            if (method == null) {
                throw new ToolFailure("payment method " + Py.str(paymentId) + " not found");
            }
            String source = AirlineRecords.source(method);
            if ((source.equals("gift_card") || source.equals("certificate")) && Py.lt(Py.item(method, "amount"), amount)) {
                throw new ToolFailure("not enough balance in payment method " + Py.str(paymentId));
            }
        }
        JsonNode paid = Py.intNode(0);
        for (JsonNode payment : payments) {
            paid = Py.add(paid, Py.item(payment, "amount"));
        }
        if (!Py.eq(paid, total)) {
            throw new ToolFailure("payment amount does not add up, total price is " + Py.str(total) + ", but paid "
                    + Py.str(paid));
        }
        ObjectNode edited = db.edit(AirlineRecords.USERS, userId);
        ObjectNode editedMethods = (ObjectNode) edited.get("payment_methods");
        for (JsonNode payment : payments) {
            String paymentId = Py.key(payment.get("payment_id"));
            JsonNode method = editedMethods.get(paymentId);
            if (method == null) {
                // A certificate listed twice was used up by its first entry: Python's KeyError, as there.
                throw new PyException(Py.repr(payment.get("payment_id")));
            }
            switch (AirlineRecords.source(method)) {
                case "gift_card" -> ((ObjectNode) method).set("amount", Py.sub(method.get("amount"), payment.get("amount")));
                case "certificate" -> editedMethods.remove(paymentId);
                default -> {
                    // credit cards have no balance to track
                }
            }
        }
        ObjectNode reservation = F.objectNode();
        reservation.put("reservation_id", reservationId);
        for (String field : new String[] {"user_id", "origin", "destination", "flight_type", "cabin"}) {
            reservation.set(field, args.copy(field));
        }
        reservation.set("flights", flights);
        reservation.set("passengers", passengers.deepCopy());
        reservation.set("payment_history", args.copy("payment_methods"));
        reservation.put("created_at", AirlineRecords.NOW_TEXT);
        for (String field : new String[] {"total_baggages", "nonfree_baggages", "insurance"}) {
            reservation.set(field, args.copy(field));
        }
        db.insert(AirlineRecords.RESERVATIONS, reservationId, reservation);
        ((ArrayNode) Py.item(edited, "reservations")).add(reservationId);
        return Observation.ok(PyJson.dumps(reservation));
    }

    /**
     * {@code data["flights"][flight["flight_number"]]}, which must fly on {@code flight["date"]}:
     * "flight X not found", "flight X not found on date D".
     */
    static JsonNode flightOnDate(Database db, JsonNode flight) {
        JsonNode number = Py.item(flight, "flight_number");
        JsonNode flightData = db.get(AirlineRecords.FLIGHTS, Py.key(number));
        if (flightData == null) {
            throw new ToolFailure("flight " + Py.str(number) + " not found");
        }
        JsonNode date = Py.item(flight, "date");
        String key = Py.key(date);
        if (key == null || !Py.item(flightData, "dates").has(key)) {
            throw new ToolFailure("flight " + Py.str(number) + " not found on date " + Py.str(date));
        }
        return flightData;
    }

    /** "flight X not available on date D" unless open for booking; "not enough seats on flight X". */
    static void requireSeats(JsonNode flight, JsonNode onDate, JsonNode cabin, JsonNode passengers) {
        if (!Py.eq(Py.item(onDate, "status"), F.textNode("available"))) {
            throw new ToolFailure("flight " + Py.str(flight.get("flight_number")) + " not available on date "
                    + Py.str(flight.get("date")));
        }
        if (Py.lt(Py.item(Py.item(onDate, "available_seats"), cabinKey(cabin)), Py.intNode(Py.len(passengers)))) {
            throw new ToolFailure("not enough seats on flight " + Py.str(flight.get("flight_number")));
        }
    }

    /** Sets the segment's price, origin and destination (appended after the caller's own keys, as in tau-bench). */
    static void price(JsonNode segment, JsonNode price, JsonNode flightData) {
        ObjectNode flight = (ObjectNode) segment;
        flight.set("price", price.deepCopy());
        flight.set("origin", Py.item(flightData, "origin").deepCopy());
        flight.set("destination", Py.item(flightData, "destination").deepCopy());
    }

    /** The cabin as a key of a date's seats and prices; anything else is Python's KeyError there. */
    static String cabinKey(JsonNode cabin) {
        String key = Py.key(cabin);
        if (key == null) {
            throw new PyException(Py.repr(cabin));
        }
        return key;
    }

    /** tau-bench's cancellation: every payment reversed as its negative; here a second cancellation is refused. */
    private static Observation cancel(Args args, Database db) {
        JsonNode current = AirlineRecords.find(db, AirlineRecords.RESERVATIONS, args.get("reservation_id"),
                "reservation not found");
        if (AirlineRecords.isCancelled(current)) {
            throw new ToolFailure("reservation is already cancelled");
        }
        List<ObjectNode> refunds = new ArrayList<>();
        for (JsonNode payment : Py.iterate(Py.item(current, "payment_history"))) {
            ObjectNode refund = F.objectNode();
            refund.set("payment_id", Py.item(payment, "payment_id").deepCopy());
            refund.set("amount", Py.neg(Py.item(payment, "amount")));
            refunds.add(refund);
        }
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, args.key("reservation_id"));
        ((ArrayNode) reservation.get("payment_history")).addAll(refunds);
        reservation.put("status", "cancelled");
        return Observation.ok(PyJson.dumps(reservation));
    }

    private static Observation sendCertificate(Args args, Database db) {
        AirlineRecords.find(db, AirlineRecords.USERS, args.get("user_id"), "user not found");
        ObjectNode methods = (ObjectNode) db.edit(AirlineRecords.USERS, args.key("user_id")).get("payment_methods");
        String id = ReservationIds.newCertificateId(methods);
        ObjectNode certificate = methods.putObject(id);
        certificate.put("source", "certificate");
        certificate.set("amount", args.copy("amount"));
        certificate.put("id", id);
        return Observation.ok("Certificate " + id + " added to user " + args.str("user_id") + " with amount "
                + args.str("amount") + ".");
    }
}
