package io.apigenmt.domains.airline;

import static io.apigenmt.domains.data.Shape.any;
import static io.apigenmt.domains.data.Shape.integer;
import static io.apigenmt.domains.data.Shape.listOf;
import static io.apigenmt.domains.data.Shape.mapOf;
import static io.apigenmt.domains.data.Shape.number;
import static io.apigenmt.domains.data.Shape.object;
import static io.apigenmt.domains.data.Shape.text;

import io.apigenmt.domains.data.DataLayout;
import io.apigenmt.domains.data.Shape;

/** tau-bench's airline files and what the tools and policy read from their records. */
final class AirlineDataLayout {

    private static final Shape USER = object()
            .optional("user_id", text())
            .field("name", object().field("first_name", text()).field("last_name", text()))
            .field("payment_methods", mapOf(object().field("source", text())
                    .when("source", "gift_card", "amount", number())
                    .when("source", "certificate", "amount", number())))
            .optional("saved_passengers", listOf(object()))
            .field("membership", text())
            .field("reservations", listOf(text()));

    private static final Shape FLIGHT = object()
            .field("flight_number", text())
            .field("origin", text())
            .field("destination", text())
            .field("scheduled_departure_time_est", text())
            .field("scheduled_arrival_time_est", text())
            .field("dates", mapOf(object().field("status", text())
                    .when("status", "available", "available_seats", mapOf(number()))
                    .when("status", "available", "prices", mapOf(number()))));

    private static final Shape RESERVATION = object()
            .field("reservation_id", text())
            .field("user_id", text())
            .field("origin", text())
            .field("destination", text())
            .field("flight_type", text())
            .field("cabin", text())
            .field("flights", listOf(object()
                    .field("flight_number", text())
                    .field("date", text())
                    .field("price", number())
                    .optional("origin", text())
                    .optional("destination", text())))
            .field("passengers", listOf(object()))
            .field("payment_history", listOf(object().field("payment_id", text()).field("amount", number())))
            .field("created_at", text())
            .field("total_baggages", integer())
            .field("nonfree_baggages", integer())
            .field("insurance", any())
            .optional("status", text());

    static final DataLayout LAYOUT = DataLayout.of(
            new DataLayout.File("users.json", AirlineRecords.USERS, "user", "user_id", USER),
            new DataLayout.File("flights.json", AirlineRecords.FLIGHTS, "flight", "flight_number", FLIGHT),
            new DataLayout.File("reservations.json", AirlineRecords.RESERVATIONS, "reservation", "reservation_id",
                    RESERVATION));

    private AirlineDataLayout() {}
}
