package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.Parameters;

/** The address arguments shared by the two address-changing tools. */
final class RetailAddress {

    private RetailAddress() {}

    static Parameters parameters(Parameters base) {
        return base.string("address1", "Street line, e.g. '418 Cedar Lane'.")
                .string("address2", "Unit or suite line, e.g. 'Suite 204'; pass '' when there is none.")
                .string("city", "City name, e.g. 'Portland'.")
                .string("state", "Two-letter state code, e.g. 'OR'.")
                .string("country", "Country, e.g. 'USA'.")
                .string("zip", "Five-digit zip code, e.g. '97214'.");
    }
}
