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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Airline lookups: profiles, reservations, airports and flight search. */
final class AirlineReadTools {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AirlineReadTools() {}

    static void addTo(ToolBox.Builder tools) {
        tools.add(read("get_user_details", "Fetch a customer's profile: name, membership level, payment methods "
                        + "(with gift card and certificate amounts), saved passengers and the ids of their "
                        + "reservations.",
                        Parameters.object().string("user_id", "The customer's user id, e.g. 'maya_novak_4821'.")
                                .required("user_id")),
                (args, db) -> Observation.ok(PyJson.dumps(AirlineRecords.find(db, AirlineRecords.USERS, args.get("user_id"),
                        "user not found"))));
        tools.add(read("get_reservation_details", "Fetch one reservation: trip type, flights with the price paid "
                        + "per passenger, passengers, cabin, payment history, checked bags, insurance, creation "
                        + "time and status.",
                        Parameters.object().string("reservation_id", "Reservation id: 6 uppercase letters or "
                                + "digits, e.g. 'R3VX8T'.").required("reservation_id")),
                // tau-bench's words for a missing reservation here are indeed "user not found".
                (args, db) -> Observation.ok(PyJson.dumps(AirlineRecords.find(db, AirlineRecords.RESERVATIONS,
                        args.get("reservation_id"), "user not found"))));
        tools.add(read("list_all_airports", "Fetch the airports in the network: a map from IATA code to city.",
                        Parameters.object()),
                (args, db) -> Observation.ok(PyJson.dumps(airports())));
        tools.add(read("search_direct_flight", "Find nonstop flights from origin to destination on the given "
                        + "date. Only flights still open for booking that day are returned, each with its "
                        + "schedule and the free seats and price of every cabin.",
                        route()),
                (args, db) -> Observation.ok(PyJson.dumps(direct(db, args))));
        tools.add(read("search_onestop_flight", "Find itineraries with one connection from origin to "
                        + "destination, departing on the given date. Each result is a two-flight list (first leg, "
                        + "second leg); both legs are open for booking and the second leaves no earlier than the "
                        + "first lands (the next day when the first lands after midnight, shown as '+1').",
                        route()),
                (args, db) -> Observation.ok(PyJson.dumps(oneStop(db, args))));
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

    private static ObjectNode airports() {
        ObjectNode out = F.objectNode();
        AirlineRecords.AIRPORTS.forEach(out::put);
        return out;
    }

    /** Every flight on the route open for booking on the date, its schedule merged with that date's entry. */
    private static ArrayNode direct(Database db, Args args) {
        ArrayNode out = F.arrayNode();
        for (String number : db.ids(AirlineRecords.FLIGHTS)) {
            JsonNode flight = db.get(AirlineRecords.FLIGHTS, number);
            if (Py.eq(Py.item(flight, "origin"), args.get("origin"))
                    && Py.eq(Py.item(flight, "destination"), args.get("destination"))) {
                JsonNode onDate = available(flight, args.get("date"));
                if (onDate != null) {
                    out.add(offer(flight, onDate));
                }
            }
        }
        return out;
    }

    /**
     * Pairs of flights origin -> X -> destination: the first leaves on the date, the second on the same
     * day, or on the next when the first arrives after midnight ({@code "01:30:00+1"}); the second may
     * not leave before the first lands (schedule times compared as text, as tau-bench does, so a
     * connection leaving exactly at landing time is offered).
     */
    private static ArrayNode oneStop(Database db, Args args) {
        ArrayNode out = F.arrayNode();
        JsonNode date = args.get("date");
        for (String first : db.ids(AirlineRecords.FLIGHTS)) {
            JsonNode leg1 = db.get(AirlineRecords.FLIGHTS, first);
            if (!Py.eq(Py.item(leg1, "origin"), args.get("origin"))) {
                continue;
            }
            for (String second : db.ids(AirlineRecords.FLIGHTS)) {
                JsonNode leg2 = db.get(AirlineRecords.FLIGHTS, second);
                if (!Py.eq(Py.item(leg2, "destination"), args.get("destination"))
                        || !Py.eq(Py.item(leg1, "destination"), Py.item(leg2, "origin"))) {
                    continue;
                }
                JsonNode arrival = Py.item(leg1, "scheduled_arrival_time_est");
                JsonNode date2 = Py.contains(arrival, "+1") ? F.textNode(nextDay(date)) : date;
                if (Py.gt(arrival, Py.item(leg2, "scheduled_departure_time_est"))) {
                    continue;
                }
                JsonNode onDate1 = available(leg1, date);
                JsonNode onDate2 = available(leg2, date2);
                if (onDate1 != null && onDate2 != null) {
                    ArrayNode pair = out.addArray();
                    pair.add(offer(leg1, onDate1).set("date", date.deepCopy()));
                    pair.add(offer(leg2, onDate2).set("date", date2.deepCopy()));
                }
            }
        }
        return out;
    }

    /** The flight's entry for the date when it is open for booking, else null. */
    private static JsonNode available(JsonNode flight, JsonNode date) {
        String key = Py.key(date);
        JsonNode onDate = key == null ? null : Py.item(flight, "dates").get(key);
        return onDate != null && Py.eq(Py.item(onDate, "status"), F.textNode("available")) ? onDate : null;
    }

    /** The flight's fields except its dates, then the fields of one date's entry. */
    private static ObjectNode offer(JsonNode flight, JsonNode onDate) {
        ObjectNode offer = F.objectNode();
        flight.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("dates")) {
                offer.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        onDate.fields().forEachRemaining(field -> offer.set(field.getKey(), field.getValue().deepCopy()));
        return offer;
    }

    /** The calendar day after a YYYY-MM-DD date; else tau-bench's own arithmetic on its last two digits. */
    private static String nextDay(JsonNode date) {
        String text = Py.str(date);
        try {
            return LocalDate.parse(text).plusDays(1).toString();
        } catch (DateTimeParseException e) {
            String day = text.length() >= 2 ? text.substring(text.length() - 2) : text;
            try {
                return "2024-05-" + (Integer.parseInt(day.strip()) + 1);
            } catch (NumberFormatException notANumber) {
                throw new PyException("invalid literal for int() with base 10: " + Py.repr(day));
            }
        }
    }
}
