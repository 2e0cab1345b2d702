package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.Parameters;

/** The address arguments shared by the two address-changing tools. */
final class RetailAddress {

    private RetailAddress() {}

    static Parameters parameters(Parameters base) {
        return base.string("address1", "The first line of the address, such as '123 Main St'.")
                .string("address2", "The second line of the address, such as 'Apt 1' or ''.")
                .string("city", "The city, such as 'San Francisco'.")
                .string("state", "The state, such as 'CA'.")
                .string("country", "The country, such as 'USA'.")
                .string("zip", "The zip code, such as '12345'.");
    }
}
