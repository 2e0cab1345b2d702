package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.tools.ToolFailure;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lookups and business constants of the airline tables. */
final class AirlineRecords {

    static final String USERS = "users";
    static final String FLIGHTS = "flights";
    static final String RESERVATIONS = "reservations";

    /** The domain's fixed "now" (EST), as in tau-bench; also stated in the policy text. */
    static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 15, 15, 0, 0);
    /** {@link #NOW} as tau-bench writes a new reservation's created_at. */
    static final String NOW_TEXT = "2024-05-15T15:00:00";

    static final List<String> CABINS = List.of("basic_economy", "economy", "business");
    static final BigDecimal INSURANCE_PER_PASSENGER = Money.of("30");
    static final BigDecimal PRICE_PER_EXTRA_BAG = Money.of("50");

    /**
     * The network's airports and their cities, in the order list_all_airports returns them: tau-bench
     * answers with this fixed list (its data has no airport table), and the generator flies between them.
     */
    static final Map<String, String> AIRPORTS = airports(
            "SFO", "San Francisco", "JFK", "New York", "LAX", "Los Angeles", "ORD", "Chicago", "DFW", "Dallas",
            "DEN", "Denver", "SEA", "Seattle", "ATL", "Atlanta", "MIA", "Miami", "BOS", "Boston", "PHX", "Phoenix",
            "IAH", "Houston", "LAS", "Las Vegas", "MCO", "Orlando", "EWR", "Newark", "CLT", "Charlotte",
            "MSP", "Minneapolis", "DTW", "Detroit", "PHL", "Philadelphia", "LGA", "LaGuardia");

    /** Free checked bags per passenger by membership, for basic_economy/economy/business. */
    private static final Map<String, List<Integer>> FREE_BAGS = Map.of(
            "regular", List.of(0, 1, 2),
            "silver", List.of(1, 2, 3),
            "gold", List.of(2, 3, 3));

    private AirlineRecords() {}

    private static Map<String, String> airports(String... codesAndCities) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codesAndCities.length; i += 2) {
            out.put(codesAndCities[i], codesAndCities[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static int freeBagsPerPassenger(String membership, String cabin) {
        return FREE_BAGS.getOrDefault(membership, FREE_BAGS.get("regular")).get(Math.max(0, CABINS.indexOf(cabin)));
    }

    /** The record an argument names, or tau-bench's error text. */
    static JsonNode find(Database db, String table, JsonNode id, String notFound) {
        JsonNode record = db.get(table, Py.key(id));
        if (record == null) {
            throw new ToolFailure(notFound);
        }
        return record;
    }

    static boolean isCancelled(JsonNode reservation) {
        return "cancelled".equals(reservation.path("status").asText());
    }

    static String source(JsonNode method) {
        return Py.item(method, "source").asText();
    }
}
