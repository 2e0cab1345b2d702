package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.Parameters;
import io.apigenmt.domains.tools.ToolBox;
import java.time.LocalTime;

/** Airline lookups: profiles, reservations, airports and flight search. */
final class AirlineReadTools {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The shortest connection one-stop search offers. */
    private static final int MIN_CONNECTION_MINUTES = 60;

    private AirlineReadTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(read("get_user_details", "Fetch a customer's profile: name, membership level, payment methods "
                        + "(with gift card and certificate amounts), saved passengers and the ids of their "
                        + "reservations.",
                        Parameters.object().string("user_id", "The customer's user id, e.g. 'maya_novak_4821'.")
                                .required("user_id")),
                (args, db) -> Observation.ok(AirlineRecords.user(db, args.text("user_id")).toString()));
        tools.add(read("get_reservation_details", "Fetch one reservation: trip type, flights with the price paid "
                        + "per passenger, passengers, cabin, payment history, checked bags, insurance, creation "
                        + "time and status.",
                        Parameters.object().string("reservation_id", "Reservation id: 6 uppercase letters or "
                                + "digits, e.g. 'R3VX8T'.").required("reservation_id")),
                (args, db) -> Observation.ok(AirlineRecords.reservation(db, args.text("reservation_id")).toString()));
        tools.add(read("list_all_airports", "Fetch the airports in the network, each with its IATA code and "
                        + "city.",
                        Parameters.object()),
                (args, db) -> Observation.ok(airports(db).toString()));
        tools.add(read("search_direct_flight", "Find nonstop flights from origin to destination on the given "
                        + "date. Only flights still open for booking that day are returned, each with its "
                        + "schedule and the free seats and price of every cabin.",
                        route()),
                (args, db) -> Observation.ok(direct(db, args.text("origin"), args.text("destination"),
                        args.text("date")).toString()));
        tools.add(read("search_onestop_flight", "Find itineraries with one connection from origin to "
                        + "destination, both legs on the given date. Each result is a two-flight list (first leg, "
                        + "second leg); both legs are open for booking and the second leaves at least 60 minutes "
                        + "after the first lands.",
                        route()),
                (args, db) -> Observation.ok(oneStop(db, args.text("origin"), args.text("destination"),
                        args.text("date")).toString()));
    }

    private static Parameters route() {
        return Parameters.object()
                .string("origin", "IATA code of the departure airport, e.g. 'BOS'.")
                .string("destination", "IATA code of the arrival airport, e.g. 'DEN'.")
                .string("date", "Travel date, YYYY-MM-DD, e.g. '2024-05-24'.")
                .required("origin", "destination", "date");
    }

    private static ToolSpec read(String name, String description, Parameters parameters) {
        return new ToolSpec(name, description, parameters.build(), ToolSpec.Kind.READ);
    }

    private static ArrayNode airports(Database db) {
        ArrayNode out = F.arrayNode();
        for (String code : db.ids(AirlineRecords.AIRPORTS)) {
            out.add(db.get(AirlineRecords.AIRPORTS, code));
        }
        return out;
    }

    private static ArrayNode direct(Database db, String origin, String destination, String date) {
        ArrayNode out = F.arrayNode();
        for (String number : db.ids(AirlineRecords.FLIGHTS)) {
            JsonNode flight = db.get(AirlineRecords.FLIGHTS, number);
            if (flight.path("origin").asText().equals(origin) && flight.path("destination").asText().equals(destination)) {
                ObjectNode offer = offer(flight, date);
                if (offer != null) {
                    out.add(offer);
                }
            }
        }
        return out;
    }

    private static ArrayNode oneStop(Database db, String origin, String destination, String date) {
        ArrayNode out = F.arrayNode();
        for (String first : db.ids(AirlineRecords.FLIGHTS)) {
            JsonNode leg1 = db.get(AirlineRecords.FLIGHTS, first);
            if (!leg1.path("origin").asText().equals(origin) || leg1.path("destination").asText().equals(destination)) {
                continue;
            }
            ObjectNode offer1 = offer(leg1, date);
            if (offer1 == null) {
                continue;
            }
            LocalTime ready = LocalTime.parse(leg1.path("scheduled_arrival_time_est").asText())
                    .plusMinutes(MIN_CONNECTION_MINUTES);
            for (String second : db.ids(AirlineRecords.FLIGHTS)) {
                JsonNode leg2 = db.get(AirlineRecords.FLIGHTS, second);
                if (!leg2.path("origin").asText().equals(leg1.path("destination").asText())
                        || !leg2.path("destination").asText().equals(destination)
                        || LocalTime.parse(leg2.path("scheduled_departure_time_est").asText()).isBefore(ready)) {
                    continue;
                }
                ObjectNode offer2 = offer(leg2, date);
                if (offer2 != null) {
                    ArrayNode pair = out.addArray();
                    pair.add(offer1.deepCopy());
                    pair.add(offer2);
                }
            }
        }
        return out;
    }

    /** The flight as offered on the date, or null when it is not open for booking. */
    private static ObjectNode offer(JsonNode flight, String date) {
        JsonNode onDate = flight.path("dates").get(date);
        if (onDate == null || !"available".equals(onDate.path("status").asText())) {
            return null;
        }
        ObjectNode offer = F.objectNode();
        offer.put("flight_number", flight.path("flight_number").asText());
        offer.put("origin", flight.path("origin").asText());
        offer.put("destination", flight.path("destination").asText());
        offer.put("date", date);
        offer.put("scheduled_departure_time_est", flight.path("scheduled_departure_time_est").asText());
        offer.put("scheduled_arrival_time_est", flight.path("scheduled_arrival_time_est").asText());
        offer.put("status", "available");
        offer.set("available_seats", onDate.path("available_seats").deepCopy());
        offer.set("prices", onDate.path("prices").deepCopy());
        return offer;
    }
}
