package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.tools.Parameters;

/** Argument schemas several airline tools share. */
final class AirlineParameters {

    private AirlineParameters() {}

    static ObjectNode flightItem() {
        return Parameters.object()
                .string("flight_number", "Flight number: 'HAT' followed by 3 digits, e.g. 'HAT142'.")
                .string("date", "Departure date of this flight, YYYY-MM-DD, e.g. '2024-05-22'.")
                .required("flight_number", "date").build();
    }

    static ObjectNode passengerItem() {
        return Parameters.object()
                .string("first_name", "Passenger's first name, e.g. 'Hugo'.")
                .string("last_name", "Passenger's last name, e.g. 'Lindqvist'.")
                .string("dob", "Passenger's date of birth, YYYY-MM-DD, e.g. '1987-09-14'.")
                .required("first_name", "last_name", "dob").build();
    }

    static ObjectNode paymentItem() {
        return Parameters.object()
                .string("payment_id", "Id of one of the customer's payment methods, e.g. 'credit_card_3920571', "
                        + "'gift_card_6184220' or 'certificate_2749013'.")
                .number("amount", "Dollars charged to this method.")
                .required("payment_id", "amount").build();
    }

    static Parameters cabin(Parameters base) {
        return base.enumeration("cabin", "Cabin class, applied to every flight of the reservation.", "basic_economy", "economy", "business");
    }

    static Parameters reservationId() {
        return Parameters.object().string("reservation_id", "Reservation id: 6 uppercase letters or digits, e.g. 'Q7LM2K'.");
    }
}
