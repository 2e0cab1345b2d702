package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.synth.People;
import io.apigenmt.domains.synth.Places;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the airline reference database in tau-bench's layout from a seed: 300 flights (150
 * routes between tau-bench's 20 airports, each flown both ways) with per-date status, seats and
 * prices over May 2024, about 500 users and about 2000 reservations. Dates before the domain's
 * "now" (2024-05-15 15:00 EST) are landed; later ones are mostly open for booking.
 */
public final class AirlineDataGenerator {

    public static final long DEFAULT_SEED = 20240515L;

    static final LocalDate FIRST_DAY = LocalDate.of(2024, 5, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2024, 5, 30);
    private static final int ROUTES = 150;
    private static final int USERS = 500;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final List<String> AIRPORTS = List.copyOf(AirlineRecords.AIRPORTS.keySet());

    private final Random random;
    private final Set<String> usedIds = new HashSet<>();

    public AirlineDataGenerator(long seed) {
        this.random = new Random(seed);
    }

    public Snapshot generate() {
        Map<String, ObjectNode> flights = flights();
        List<ObjectNode> flightList = new ArrayList<>(flights.values());
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        Map<String, ObjectNode> reservations = new LinkedHashMap<>();
        for (int i = 0; i < USERS; i++) {
            ObjectNode user = user();
            String userId = user.remove("user_id").asText();
            users.put(userId, user);
            int count = 1 + random.nextInt(7);
            for (int k = 0; k < count; k++) {
                ObjectNode reservation = reservation(userId, user, flights, flightList);
                reservations.put(reservation.path("reservation_id").asText(), reservation);
                user.withArray("reservations").add(reservation.path("reservation_id").asText());
            }
            reorder(user, "name", "address", "email", "dob", "payment_methods", "saved_passengers", "membership",
                    "reservations");
        }
        Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
        tables.put(AirlineRecords.FLIGHTS, flights);
        tables.put(AirlineRecords.USERS, users);
        tables.put(AirlineRecords.RESERVATIONS, reservations);
        return Snapshot.of(tables);
    }

    private Map<String, ObjectNode> flights() {
        Map<String, ObjectNode> flights = new LinkedHashMap<>();
        Set<String> routes = new HashSet<>();
        int number = 1;
        while (routes.size() < ROUTES) {
            String origin = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
            String destination = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
            // Each route is added with its return, so round trips always exist.
            if (origin.equals(destination) || routes.contains(origin + destination)
                    || routes.contains(destination + origin)) {
                continue;
            }
            routes.add(origin + destination);
            int minutes = 60 + 15 * random.nextInt(21);
            int basePrice = 60 + random.nextInt(140);
            for (String[] leg : new String[][] {{origin, destination}, {destination, origin}}) {
                String flightNumber = String.format(Locale.ROOT, "HAT%03d", number++);
                flights.put(flightNumber, flight(flightNumber, leg[0], leg[1], minutes, basePrice));
            }
        }
        return flights;
    }

    private ObjectNode flight(String flightNumber, String origin, String destination, int minutes, int basePrice) {
        LocalTime departure = LocalTime.of(5 + random.nextInt(14), 15 * random.nextInt(4));
        LocalTime arrival = departure.plusMinutes(minutes);
        // tau-bench marks an arrival after midnight with "+1", e.g. "01:30:00+1".
        boolean overnight = departure.toSecondOfDay() / 60 + minutes >= 24 * 60;
        ObjectNode flight = F.objectNode();
        flight.put("flight_number", flightNumber);
        flight.put("origin", origin);
        flight.put("destination", destination);
        flight.put("scheduled_departure_time_est", departure + ":00");
        flight.put("scheduled_arrival_time_est", arrival + ":00" + (overnight ? "+1" : ""));
        ObjectNode dates = flight.putObject("dates");
        for (LocalDate day = FIRST_DAY; !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            dates.set(day.toString(), onDate(day, departure, minutes, basePrice));
        }
        return flight;
    }

    private ObjectNode onDate(LocalDate day, LocalTime departure, int minutes, int basePrice) {
        ObjectNode onDate = F.objectNode();
        LocalDate today = AirlineRecords.NOW.toLocalDate();
        LocalTime now = AirlineRecords.NOW.toLocalTime();
        LocalDateTime departs = day.atTime(departure);
        LocalDateTime arrives = departs.plusMinutes(minutes);
        int roll = random.nextInt(100);
        if (day.isBefore(today) || (day.equals(today) && !arrives.isAfter(AirlineRecords.NOW))) {
            if (roll < 3) {
                return onDate.put("status", "cancelled");
            }
            int delay = roll < 20 ? 15 + random.nextInt(90) : random.nextInt(10);
            onDate.put("status", "landed");
            onDate.put("actual_departure_time_est", departs.plusMinutes(delay) + ":00");
            onDate.put("actual_arrival_time_est", arrives.plusMinutes(delay) + ":00");
            return onDate;
        }
        if (day.equals(today)) {
            if (departure.isBefore(now)) {
                onDate.put("status", "flying");
                onDate.put("actual_departure_time_est", day + "T" + departure + ":00");
                return onDate;
            }
            return onDate.put("status", roll < 15 ? "delayed" : "on time");
        }
        if (roll < 4) {
            return onDate.put("status", "cancelled");
        }
        onDate.put("status", "available");
        ObjectNode seats = onDate.putObject("available_seats");
        seats.put("basic_economy", random.nextInt(21));
        seats.put("economy", random.nextInt(21));
        seats.put("business", random.nextInt(21));
        ObjectNode prices = onDate.putObject("prices");
        prices.put("basic_economy", basePrice / 2 + random.nextInt(50));
        prices.put("economy", basePrice + random.nextInt(100));
        prices.put("business", basePrice * 3 + random.nextInt(200));
        return onDate;
    }

    private ObjectNode user() {
        People.Name name = People.name(random);
        String userId;
        do {
            userId = name.first().toLowerCase(Locale.ROOT) + "_" + name.last().toLowerCase(Locale.ROOT) + "_"
                    + (1000 + random.nextInt(9000));
        } while (!usedIds.add(userId));
        ObjectNode user = F.objectNode();
        user.put("user_id", userId);
        user.putObject("name").put("first_name", name.first()).put("last_name", name.last());
        user.set("address", withProvince(Places.address(random)));
        user.put("email", name.first().toLowerCase(Locale.ROOT) + "." + name.last().toLowerCase(Locale.ROOT)
                + userId.substring(userId.length() - 4) + "@example.com");
        user.put("dob", People.dateOfBirth(random));
        int tier = random.nextInt(10);
        user.put("membership", tier < 5 ? "regular" : tier < 8 ? "silver" : "gold");
        ObjectNode methods = user.putObject("payment_methods");
        int cards = 1 + random.nextInt(2);
        for (int i = 0; i < cards; i++) {
            String id = uniqueId("credit_card_");
            methods.putObject(id).put("source", "credit_card")
                    .put("brand", random.nextBoolean() ? "visa" : "mastercard")
                    .put("last_four", People.digits(random, 4)).put("id", id);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            String id = uniqueId("gift_card_");
            methods.putObject(id).put("source", "gift_card").put("amount", random.nextInt(300)).put("id", id);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            String id = uniqueId("certificate_");
            methods.putObject(id).put("source", "certificate").put("amount", 100 * (1 + random.nextInt(5)))
                    .put("id", id);
        }
        ArrayNode saved = user.putArray("saved_passengers");
        for (int i = random.nextInt(4); i > 0; i--) {
            People.Name companion = People.name(random);
            saved.addObject().put("first_name", companion.first()).put("last_name", companion.last())
                    .put("dob", People.dateOfBirth(random));
        }
        user.putArray("reservations");
        return user;
    }

    private ObjectNode reservation(String userId, ObjectNode user, Map<String, ObjectNode> flights,
            List<ObjectNode> flightList) {
        ObjectNode outbound = flightList.get(random.nextInt(flightList.size()));
        JsonNode back = returnFlight(outbound, flightList);
        LocalDate date = FIRST_DAY.plusDays(random.nextInt(28));
        boolean roundTrip = random.nextInt(10) < 6;
        int cabinRoll = random.nextInt(100);
        String cabin = cabinRoll < 25 ? "basic_economy" : cabinRoll < 75 ? "economy" : "business";
        String reservationId = uniqueReservationId();
        ObjectNode reservation = F.objectNode();
        reservation.put("reservation_id", reservationId);
        reservation.put("user_id", userId);
        reservation.put("origin", outbound.path("origin").asText());
        reservation.put("destination", outbound.path("destination").asText());
        reservation.put("flight_type", roundTrip ? "round_trip" : "one_way");
        reservation.put("cabin", cabin);
        ArrayNode segments = reservation.putArray("flights");
        BigDecimal perPassenger = segment(segments, outbound, date, cabin);
        if (roundTrip) {
            LocalDate returnDate = date.plusDays(1 + random.nextInt(3));
            perPassenger = perPassenger.add(segment(segments, back, returnDate.isAfter(LAST_DAY) ? LAST_DAY : returnDate,
                    cabin));
        }
        ArrayNode passengers = reservation.putArray("passengers");
        passengers.addObject().put("first_name", user.path("name").path("first_name").asText())
                .put("last_name", user.path("name").path("last_name").asText()).put("dob", user.path("dob").asText());
        for (JsonNode companion : user.path("saved_passengers")) {
            if (passengers.size() < 4 && random.nextBoolean()) {
                passengers.add(companion.deepCopy());
            }
        }
        int count = passengers.size();
        boolean insured = random.nextInt(10) < 4;
        int free = AirlineRecords.freeBagsPerPassenger(user.path("membership").asText(), cabin) * count;
        int totalBags = random.nextInt(2 * count + 1);
        int nonfree = Math.max(0, totalBags - free);
        BigDecimal total = perPassenger.multiply(BigDecimal.valueOf(count))
                .add(insured ? AirlineRecords.INSURANCE_PER_PASSENGER.multiply(BigDecimal.valueOf(count)) : BigDecimal.ZERO)
                .add(AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(nonfree)));
        List<String> methodIds = new ArrayList<>();
        user.path("payment_methods").fieldNames().forEachRemaining(methodIds::add);
        String paymentId = methodIds.get(random.nextInt(methodIds.size()));
        ArrayNode history = reservation.putArray("payment_history");
        history.addObject().put("payment_id", paymentId).set("amount", Money.pyNumber(total, true));
        reservation.put("created_at", createdAt(date).toString() + ":00");
        reservation.put("total_baggages", totalBags);
        reservation.put("nonfree_baggages", nonfree);
        reservation.put("insurance", insured ? "yes" : "no");
        if (random.nextInt(100) < 8) {
            history.addObject().put("payment_id", paymentId).set("amount", Money.pyNumber(total.negate(), true));
            reservation.put("status", "cancelled");
        }
        return reservation;
    }

    private JsonNode returnFlight(JsonNode outbound, List<ObjectNode> flightList) {
        for (ObjectNode candidate : flightList) {
            if (candidate.path("origin").asText().equals(outbound.path("destination").asText())
                    && candidate.path("destination").asText().equals(outbound.path("origin").asText())) {
                return candidate;
            }
        }
        throw new IllegalStateException("every route is generated with its return");
    }

    /** Adds a segment and returns its per-passenger price (the booked price, or a plausible past fare). */
    private BigDecimal segment(ArrayNode segments, JsonNode flight, LocalDate date, String cabin) {
        JsonNode price = flight.path("dates").path(date.toString()).path("prices").get(cabin);
        BigDecimal amount = price != null ? Money.of(price)
                : BigDecimal.valueOf(switch (cabin) {
                    case "basic_economy" -> 40 + random.nextInt(80);
                    case "economy" -> 90 + random.nextInt(150);
                    default -> 250 + random.nextInt(300);
                });
        segments.addObject().put("origin", flight.path("origin").asText())
                .put("destination", flight.path("destination").asText())
                .put("flight_number", flight.path("flight_number").asText())
                .put("date", date.toString())
                .set("price", Money.pyNumber(amount, true));
        return amount;
    }

    /** Booked 1-20 days before the first flight (and never after "now"); about 1 in 8 within the last 24h. */
    private java.time.LocalDateTime createdAt(LocalDate firstFlight) {
        java.time.LocalDateTime latest = firstFlight.atTime(5, 0).isBefore(AirlineRecords.NOW)
                ? firstFlight.atTime(5, 0).minusHours(1) : AirlineRecords.NOW;
        if (latest.equals(AirlineRecords.NOW) && random.nextInt(8) == 0) {
            return AirlineRecords.NOW.minusHours(1 + random.nextInt(22)).withMinute(0).withSecond(0);
        }
        return latest.minusDays(1 + random.nextInt(20)).minusHours(random.nextInt(24)).withMinute(0).withSecond(0);
    }

    /** Airline addresses name the state "province", as tau-bench's airline users do. */
    private static ObjectNode withProvince(ObjectNode address) {
        ObjectNode out = F.objectNode();
        address.fields().forEachRemaining(f -> out.set(f.getKey().equals("state") ? "province" : f.getKey(), f.getValue()));
        return out;
    }

    /** Puts the named fields first, in this order (tau-bench's), keeping the values. */
    private static void reorder(ObjectNode record, String... keys) {
        ObjectNode copy = record.deepCopy();
        record.removeAll();
        for (String key : keys) {
            if (copy.has(key)) {
                record.set(key, copy.remove(key));
            }
        }
        record.setAll(copy);
    }

    private String uniqueId(String prefix) {
        String id;
        do {
            id = prefix + People.digits(random, 7);
        } while (!usedIds.add(id));
        return id;
    }

    private String uniqueReservationId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        String id;
        do {
            StringBuilder code = new StringBuilder(6);
            for (int i = 0; i < 6; i++) {
                code.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            id = code.toString();
        } while (!usedIds.add(id));
        return id;
    }
}
