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
        tools.add(read("get_user_details", "Return a user's profile: name, membership, payment methods, saved "
                        + "passengers and reservation ids.",
                        Parameters.object().string("user_id", "The user id, such as 'sara_doe_4960'.")
                                .required("user_id")),
                (args, db) -> Observation.ok(AirlineRecords.user(db, args.text("user_id")).toString()));
        tools.add(read("get_reservation_details", "Return a reservation: flights, passengers, cabin, payments, "
                        + "bags, insurance and status.",
                        Parameters.object().string("reservation_id", "The six-character reservation id, such as "
                                + "'8JX2WO'.").required("reservation_id")),
                (args, db) -> Observation.ok(AirlineRecords.reservation(db, args.text("reservation_id")).toString()));
        tools.add(read("list_all_airports", "List every airport the airline serves: IATA code and city.",
                        Parameters.object()),
                (args, db) -> Observation.ok(airports(db).toString()));
        tools.add(read("search_direct_flight", "Search nonstop flights between two airports on a date that are "
                        + "open for booking, with their seats and prices per cabin.",
                        route()),
                (args, db) -> Observation.ok(direct(db, args.text("origin"), args.text("destination"),
                        args.text("date")).toString()));
        tools.add(read("search_onestop_flight", "Search itineraries with exactly one connection between two "
                        + "airports on a date; each result is a pair of flights, both open for booking.",
                        route()),
                (args, db) -> Observation.ok(oneStop(db, args.text("origin"), args.text("destination"),
                        args.text("date")).toString()));
    }

    private static Parameters route() {
        return Parameters.object()
                .string("origin", "The origin airport IATA code, such as 'JFK'.")
                .string("destination", "The destination airport IATA code, such as 'LAX'.")
                .string("date", "The date of the flight in the format 'YYYY-MM-DD', such as '2024-05-20'.")
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
