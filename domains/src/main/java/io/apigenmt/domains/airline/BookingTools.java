package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.CanonicalJson;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.Args;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
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
                                .number("amount", "Value of the certificate in dollars; must be positive.")
                                .required("user_id", "amount").build(),
                        ToolSpec.Kind.WRITE),
                BookingTools::sendCertificate);
    }

    private record Segment(String flightNumber, String date, JsonNode flight, BigDecimal price) {}

    private static Observation book(Args args, Database db) {
        String userId = args.text("user_id");
        JsonNode user = AirlineRecords.user(db, userId);
        String cabin = args.text("cabin");
        int passengers = args.node("passengers").size();
        if (passengers == 0) {
            throw new ToolFailure("a reservation needs at least one passenger");
        }
        if (args.node("flights").isEmpty()) {
            throw new ToolFailure("a reservation needs at least one flight");
        }
        int totalBags = args.integer("total_baggages");
        int nonfreeBags = args.integer("nonfree_baggages");
        if (totalBags < 0 || nonfreeBags < 0 || nonfreeBags > totalBags) {
            throw new ToolFailure("bag counts must satisfy 0 <= nonfree_baggages <= total_baggages");
        }
        List<Segment> segments = new ArrayList<>();
        BigDecimal perPassenger = BigDecimal.ZERO;
        for (JsonNode requested : args.node("flights")) {
            String number = requested.path("flight_number").asText();
            String date = requested.path("date").asText();
            JsonNode onDate = AirlineRecords.bookableFlightDate(db, number, date, cabin, passengers);
            BigDecimal price = Money.of(onDate.path("prices").get(cabin));
            segments.add(new Segment(number, date, db.get(AirlineRecords.FLIGHTS, number), price));
            perPassenger = perPassenger.add(price);
        }
        BigDecimal total = perPassenger.multiply(BigDecimal.valueOf(passengers))
                .add(args.text("insurance").equals("yes")
                        ? AirlineRecords.INSURANCE_PER_PASSENGER.multiply(BigDecimal.valueOf(passengers))
                        : BigDecimal.ZERO)
                .add(AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(nonfreeBags)));
        BigDecimal paid = BigDecimal.ZERO;
        for (JsonNode payment : args.node("payment_methods")) {
            JsonNode method = AirlineRecords.paymentMethod(user, payment.path("payment_id").asText());
            BigDecimal amount = Money.of(payment.get("amount"));
            AirlineRecords.requireFunds(method, amount);
            paid = paid.add(amount);
        }
        if (paid.compareTo(total) != 0) {
            throw new ToolFailure("payment amounts add up to " + Money.text(paid) + " but the total price is "
                    + Money.text(total));
        }
        String reservationId = ReservationIds.newReservationId(db,
                userId + "|" + user.path("reservations").size() + "|" + CanonicalJson.render(args.json()));
        ObjectNode reservation = F.objectNode();
        reservation.put("reservation_id", reservationId);
        reservation.put("user_id", userId);
        reservation.put("origin", args.text("origin"));
        reservation.put("destination", args.text("destination"));
        reservation.put("flight_type", args.text("flight_type"));
        reservation.put("cabin", cabin);
        ArrayNode flights = reservation.putArray("flights");
        for (Segment segment : segments) {
            flights.add(segmentNode(segment.flight(), segment.date(), segment.price()));
            AirlineRecords.takeSeats(db, segment.flightNumber(), segment.date(), cabin, passengers);
        }
        reservation.set("passengers", args.node("passengers").deepCopy());
        ArrayNode history = reservation.putArray("payment_history");
        for (JsonNode payment : args.node("payment_methods")) {
            String paymentId = payment.path("payment_id").asText();
            BigDecimal amount = Money.of(payment.get("amount"));
            history.addObject().put("payment_id", paymentId).set("amount", Money.node(amount));
            AirlineRecords.charge(db, userId, paymentId, amount);
        }
        reservation.put("created_at", AirlineRecords.NOW.toString() + ":00");
        reservation.put("total_baggages", totalBags);
        reservation.put("nonfree_baggages", nonfreeBags);
        reservation.put("insurance", args.text("insurance"));
        db.insert(AirlineRecords.RESERVATIONS, reservationId, reservation);
        db.edit(AirlineRecords.USERS, userId).withArray("reservations").add(reservationId);
        return Observation.ok(reservation.toString());
    }

    static ObjectNode segmentNode(JsonNode flight, String date, BigDecimal price) {
        ObjectNode segment = F.objectNode();
        segment.put("flight_number", flight.path("flight_number").asText());
        segment.put("origin", flight.path("origin").asText());
        segment.put("destination", flight.path("destination").asText());
        segment.put("date", date);
        segment.set("price", Money.node(price));
        return segment;
    }

    private static Observation cancel(Args args, Database db) {
        String reservationId = args.text("reservation_id");
        JsonNode current = AirlineRecords.activeReservation(db, reservationId);
        ObjectNode reservation = db.edit(AirlineRecords.RESERVATIONS, reservationId);
        ArrayNode history = reservation.withArray("payment_history");
        for (JsonNode payment : current.path("payment_history").deepCopy()) {
            BigDecimal amount = Money.of(payment.get("amount"));
            if (amount.signum() > 0) {
                history.addObject().put("payment_id", payment.path("payment_id").asText())
                        .set("amount", Money.node(amount.negate()));
            }
        }
        reservation.put("status", "cancelled");
        return Observation.ok(reservation.toString());
    }

    private static Observation sendCertificate(Args args, Database db) {
        String userId = args.text("user_id");
        JsonNode user = AirlineRecords.user(db, userId);
        BigDecimal amount = args.money("amount");
        if (amount.signum() <= 0) {
            throw new ToolFailure("certificate amount must be positive");
        }
        JsonNode methods = user.path("payment_methods");
        String id = ReservationIds.newCertificateId(userId + "|" + methods.size() + "|" + Money.text(amount),
                methods::has);
        ObjectNode certificate = ((ObjectNode) db.edit(AirlineRecords.USERS, userId).get("payment_methods"))
                .putObject(id);
        certificate.put("source", "certificate");
        certificate.put("id", id);
        certificate.set("amount", Money.node(amount));
        return Observation.ok("Certificate " + id + " of " + Money.text(amount) + " added to user " + userId + ".");
    }
}
