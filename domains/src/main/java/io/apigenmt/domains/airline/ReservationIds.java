package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.state.Database;

/**
 * Ids for records created by tools, in tau-bench's schemes so replayed tasks create the same
 * records there and here: reservations HATHAT, HATHAU, HATHAV (the first free one), certificates
 * certificate_3221322, _3221323, _3221324 (the first the user lacks). tau-bench stops after three
 * (a fourth booking overwrites HATHAV, a fourth certificate is not created); here the sequences go
 * on (HATHAW..., certificate_3221325...). Derived from the database, not a counter, so replaying the
 * same calls on any fresh environment creates the same ids.
 */
final class ReservationIds {

    private static final String FIRST_RESERVATION = "HATHAT";
    private static final long FIRST_CERTIFICATE = 3221322L;

    private ReservationIds() {}

    static String newReservationId(Database db) {
        String id = FIRST_RESERVATION;
        while (db.contains(AirlineRecords.RESERVATIONS, id)) {
            id = next(id);
        }
        return id;
    }

    static String newCertificateId(JsonNode paymentMethods) {
        for (long n = FIRST_CERTIFICATE; ; n++) {
            String id = "certificate_" + n;
            if (!paymentMethods.has(id)) {
                return id;
            }
        }
    }

    /** The next id in A..Z counting: HATHAT -> HATHAU, HATHAZ -> HATHBA. */
    private static String next(String id) {
        char[] letters = id.toCharArray();
        for (int i = letters.length - 1; i >= 0; i--) {
            if (letters[i] < 'Z') {
                letters[i]++;
                return new String(letters);
            }
            letters[i] = 'A';
        }
        return "A" + new String(letters);
    }
}
