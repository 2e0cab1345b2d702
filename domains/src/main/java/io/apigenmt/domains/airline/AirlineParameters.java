package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.tools.Parameters;

/** Argument schemas several airline tools share. */
final class AirlineParameters {

    private AirlineParameters() {}

    static ObjectNode flightItem() {
        return Parameters.object()
                .string("flight_number", "Flight number, such as 'HAT001'.")
                .string("date", "The date of the flight in the format 'YYYY-MM-DD', such as '2024-05-01'.")
                .required("flight_number", "date").build();
    }

    static ObjectNode passengerItem() {
        return Parameters.object()
                .string("first_name", "The first name of the passenger, such as 'Noah'.")
                .string("last_name", "The last name of the passenger, such as 'Brown'.")
                .string("dob", "The date of birth of the passenger in the format 'YYYY-MM-DD', such as '1990-01-01'.")
                .required("first_name", "last_name", "dob").build();
    }

    static ObjectNode paymentItem() {
        return Parameters.object()
                .string("payment_id", "The payment method id, such as 'credit_card_7815826' or 'certificate_7504069'.")
                .number("amount", "The amount to be paid with this method.")
                .required("payment_id", "amount").build();
    }

    static Parameters cabin(Parameters base) {
        return base.enumeration("cabin", "The cabin class.", "basic_economy", "economy", "business");
    }

    static Parameters reservationId() {
        return Parameters.object().string("reservation_id", "The reservation id, such as 'ZFA04Y'.");
    }
}
