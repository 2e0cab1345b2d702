package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.time.LocalDate;
import java.util.function.Predicate;

/** Finds entities of the generated airline database that fit a test. */
final class AirlineFixtures {

    final AirlineDomain domain;
    final Database db;
    private final ObjectMapper json = new ObjectMapper();

    AirlineFixtures(AirlineDomain domain) {
        this.domain = domain;
        this.db = domain.newEnvironment().database();
    }

    Observation call(DomainEnvironment env, String tool, String args) {
        try {
            return env.execute(new ToolCall(tool, json.readTree(args)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode reservation(Predicate<JsonNode> wanted) {
        return db.ids("reservations").stream().map(id -> db.get("reservations", id)).filter(wanted).findFirst()
                .orElseThrow();
    }

    boolean future(JsonNode reservation) {
        for (JsonNode s : reservation.path("flights")) {
            if (!LocalDate.parse(s.path("date").asText()).isAfter(LocalDate.of(2024, 5, 15))) {
                return false;
            }
        }
        return !reservation.path("status").asText().equals("cancelled");
    }

    boolean past(JsonNode reservation) {
        return LocalDate.parse(reservation.path("flights").get(0).path("date").asText()).isBefore(LocalDate.of(2024, 5, 14))
                && !reservation.path("status").asText().equals("cancelled");
    }

    String creditCard(String userId) {
        for (JsonNode m : db.get("users", userId).path("payment_methods")) {
            if (m.path("source").asText().equals("credit_card")) {
                return m.path("id").asText();
            }
        }
        throw new IllegalStateException("every user has a credit card");
    }

    /** An available flight date with at least {@code seats} seats in the cabin. */
    String[] availableFlight(String cabin, int seats) {
        for (String number : db.ids("flights")) {
            JsonNode dates = db.get("flights", number).path("dates");
            for (int d = 16; d <= 30; d++) {
                String date = "2024-05-" + d;
                JsonNode on = dates.path(date);
                if (on.path("status").asText().equals("available") && on.path("available_seats").path(cabin).asInt() >= seats) {
                    return new String[] {number, date};
                }
            }
        }
        throw new IllegalStateException("no flight");
    }
}
