package io.apigenmt.domains.airline;

import io.apigenmt.domains.state.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids for records created by tools. They are derived from the request and the owner's current
 * records, not from a counter, so replaying the same calls on any fresh environment (and a
 * rollout that failed a few calls first) creates the same ids and so the same state hash.
 */
final class ReservationIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private ReservationIds() {}

    static String newReservationId(Database db, String seed) {
        for (int salt = 0; ; salt++) {
            byte[] digest = sha256(seed + "#" + salt);
            StringBuilder id = new StringBuilder(6);
            for (int i = 0; i < 6; i++) {
                id.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
            }
            if (!db.contains(AirlineRecords.RESERVATIONS, id.toString())) {
                return id.toString();
            }
        }
    }

    static String newCertificateId(String seed, java.util.function.Predicate<String> taken) {
        for (int salt = 0; ; salt++) {
            byte[] digest = sha256(seed + "#" + salt);
            long value = 0;
            for (int i = 0; i < 6; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            String id = "certificate_" + String.format(java.util.Locale.ROOT, "%07d", value % 10_000_000L);
            if (!taken.test(id)) {
                return id;
            }
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
