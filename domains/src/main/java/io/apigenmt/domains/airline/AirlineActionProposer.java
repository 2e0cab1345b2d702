package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.sampling.ActionProposer;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import io.apigenmt.domains.synth.People;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Proposes concrete airline write calls that the tools and the policy will accept. */
final class AirlineActionProposer implements ActionProposer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final LocalDate FIRST_BOOKABLE = AirlineRecords.NOW.toLocalDate().plusDays(1);

    @Override
    public Optional<ToolCall> propose(String tool, String userId, Database db, Random random) {
        JsonNode user = db.get(AirlineRecords.USERS, userId);
        if (user == null) {
            return Optional.empty();
        }
        return switch (tool) {
            case "book_reservation" -> book(db, userId, user, random);
            case "cancel_reservation" -> pick(upcoming(db, user, true).stream()
                    .filter(r -> cancellable(db, r)).toList(), random)
                    .map(r -> new ToolCall(tool, F.objectNode().put("reservation_id", id(r))));
            case "update_reservation_flights" -> changeFlights(db, user, random);
            case "update_reservation_baggages" -> addBags(db, user, random);
            case "update_reservation_passengers" -> pick(upcoming(db, user, false), random)
                    .map(r -> changePassenger(user, r, random));
            case "send_certificate" -> Optional.of(new ToolCall(tool, F.objectNode().put("user_id", userId)
                    .put("amount", 50 * (1 + random.nextInt(6)))));
            default -> Optional.empty();
        };
    }

    private Optional<ToolCall> book(Database db, String userId, JsonNode user, Random random) {
        List<String> numbers = new ArrayList<>(db.ids(AirlineRecords.FLIGHTS));
        JsonNode passengers = passengers(user, random);
        int count = passengers.size();
        for (int attempt = 0; attempt < 20; attempt++) {
            JsonNode flight = db.get(AirlineRecords.FLIGHTS, numbers.get(random.nextInt(numbers.size())));
            String date = FIRST_BOOKABLE.plusDays(random.nextInt(14)).toString();
            String cabin = AirlineRecords.CABINS.get(random.nextInt(3));
            JsonNode onDate = flight.path("dates").path(date);
            if (!onDate.path("status").asText().equals("available")
                    || onDate.path("available_seats").path(cabin).asInt() < count) {
                continue;
            }
            boolean insured = random.nextBoolean();
            int free = AirlineRecords.freeBagsPerPassenger(user.path("membership").asText(), cabin) * count;
            int totalBags = random.nextInt(count + 2);
            int nonfree = Math.max(0, totalBags - free);
            BigDecimal total = Money.of(onDate.path("prices").get(cabin)).multiply(BigDecimal.valueOf(count))
                    .add(insured ? AirlineRecords.INSURANCE_PER_PASSENGER.multiply(BigDecimal.valueOf(count))
                            : BigDecimal.ZERO)
                    .add(AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(nonfree)));
            Optional<String> payer = payer(user, total, random, true);
            if (payer.isEmpty()) {
                continue;
            }
            ObjectNode args = F.objectNode();
            args.put("user_id", userId);
            args.put("origin", flight.path("origin").asText());
            args.put("destination", flight.path("destination").asText());
            args.put("flight_type", "one_way");
            args.put("cabin", cabin);
            args.putArray("flights").addObject().put("flight_number", flight.path("flight_number").asText())
                    .put("date", date);
            args.set("passengers", passengers);
            args.putArray("payment_methods").addObject().put("payment_id", payer.get())
                    .set("amount", Money.pyNumber(total, true));
            args.put("total_baggages", totalBags);
            args.put("nonfree_baggages", nonfree);
            args.put("insurance", insured ? "yes" : "no");
            return Optional.of(new ToolCall("book_reservation", args));
        }
        return Optional.empty();
    }

    private static ArrayNode passengers(JsonNode user, Random random) {
        ArrayNode passengers = F.arrayNode();
        passengers.addObject().put("first_name", user.path("name").path("first_name").asText())
                .put("last_name", user.path("name").path("last_name").asText())
                .put("dob", user.path("dob").asText());
        for (JsonNode companion : user.path("saved_passengers")) {
            if (passengers.size() < 3 && random.nextBoolean()) {
                passengers.add(companion.deepCopy());
            }
        }
        return passengers;
    }

    private Optional<ToolCall> changeFlights(Database db, JsonNode user, Random random) {
        List<JsonNode> candidates = new ArrayList<>(upcoming(db, user, false).stream()
                .filter(r -> !r.path("cabin").asText().equals("basic_economy")).toList());
        java.util.Collections.shuffle(candidates, random);
        for (JsonNode reservation : candidates) {
            int count = reservation.path("passengers").size();
            boolean upgrade = random.nextBoolean() && reservation.path("cabin").asText().equals("economy");
            String cabin = upgrade ? "business" : reservation.path("cabin").asText();
            int shift = upgrade ? 0 : (random.nextBoolean() ? 1 : -1);
            ArrayNode flights = F.arrayNode();
            BigDecimal difference = BigDecimal.ZERO;
            boolean feasible = true;
            for (JsonNode segment : reservation.path("flights")) {
                LocalDate date = LocalDate.parse(segment.path("date").asText()).plusDays(shift);
                JsonNode onDate = db.get(AirlineRecords.FLIGHTS, segment.path("flight_number").asText())
                        .path("dates").path(date.toString());
                if (date.isBefore(FIRST_BOOKABLE) || !onDate.path("status").asText().equals("available")
                        || onDate.path("available_seats").path(cabin).asInt() < count) {
                    feasible = false;
                    break;
                }
                flights.addObject().put("flight_number", segment.path("flight_number").asText())
                        .put("date", date.toString());
                difference = difference.add(Money.of(onDate.path("prices").get(cabin)))
                        .subtract(Money.of(segment.get("price")));
            }
            Optional<String> payer = payer(user, difference.multiply(BigDecimal.valueOf(count)), random, false);
            if (!feasible || payer.isEmpty()) {
                continue;
            }
            ObjectNode args = F.objectNode().put("reservation_id", id(reservation)).put("cabin", cabin);
            args.set("flights", flights);
            args.put("payment_id", payer.get());
            return Optional.of(new ToolCall("update_reservation_flights", args));
        }
        return Optional.empty();
    }

    private Optional<ToolCall> addBags(Database db, JsonNode user, Random random) {
        return pick(upcoming(db, user, false), random).flatMap(reservation -> {
            int count = reservation.path("passengers").size();
            int free = AirlineRecords.freeBagsPerPassenger(user.path("membership").asText(),
                    reservation.path("cabin").asText()) * count;
            int total = reservation.path("total_baggages").asInt() + 1 + random.nextInt(2);
            int nonfree = Math.max(reservation.path("nonfree_baggages").asInt(), total - free);
            int added = nonfree - reservation.path("nonfree_baggages").asInt();
            return payer(user, AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(added)), random, false)
                    .map(payment -> new ToolCall("update_reservation_baggages", F.objectNode()
                            .put("reservation_id", id(reservation)).put("total_baggages", total)
                            .put("nonfree_baggages", nonfree).put("payment_id", payment)));
        });
    }

    private static ToolCall changePassenger(JsonNode user, JsonNode reservation, Random random) {
        ArrayNode passengers = reservation.path("passengers").deepCopy();
        int index = random.nextInt(passengers.size());
        People.Name name = People.name(random);
        passengers.set(index, F.objectNode().put("first_name", name.first()).put("last_name", name.last())
                .put("dob", People.dateOfBirth(random)));
        ObjectNode args = F.objectNode().put("reservation_id", id(reservation));
        args.set("passengers", passengers);
        return new ToolCall("update_reservation_passengers", args);
    }

    /** A credit card, or a gift card (or, for new bookings, a certificate) that covers the amount. */
    private static Optional<String> payer(JsonNode user, BigDecimal amount, Random random, boolean allowCertificate) {
        List<String> options = new ArrayList<>();
        for (JsonNode method : user.path("payment_methods")) {
            String source = method.path("source").asText();
            boolean covers = amount.signum() <= 0 || Money.of(method.get("amount")).compareTo(amount) >= 0;
            if (source.equals("credit_card") || (source.equals("gift_card") && covers)
                    || (allowCertificate && source.equals("certificate") && covers)) {
                options.add(method.path("id").asText());
            }
        }
        return pick(options, random);
    }

    /** The user's reservations that are not cancelled and have no flight on or before today. */
    private static List<JsonNode> upcoming(Database db, JsonNode user, boolean includeBasic) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode id : user.path("reservations")) {
            JsonNode reservation = db.get(AirlineRecords.RESERVATIONS, id.asText());
            if (reservation == null || reservation.path("status").asText().equals("cancelled")) {
                continue;
            }
            boolean future = true;
            for (JsonNode segment : reservation.path("flights")) {
                future &= LocalDate.parse(segment.path("date").asText()).isAfter(AirlineRecords.NOW.toLocalDate());
            }
            if (future && (includeBasic || reservation.path("passengers").size() > 0)) {
                out.add(reservation);
            }
        }
        return out;
    }

    private static boolean cancellable(Database db, JsonNode reservation) {
        boolean recent = !java.time.LocalDateTime.parse(reservation.path("created_at").asText())
                .isBefore(AirlineRecords.NOW.minusHours(24));
        boolean airlineCancelled = false;
        for (JsonNode segment : reservation.path("flights")) {
            airlineCancelled |= db.get(AirlineRecords.FLIGHTS, segment.path("flight_number").asText())
                    .path("dates").path(segment.path("date").asText()).path("status").asText().equals("cancelled");
        }
        return recent || airlineCancelled || reservation.path("cabin").asText().equals("business")
                || reservation.path("insurance").asText().equals("yes");
    }

    private static String id(JsonNode reservation) {
        return reservation.path("reservation_id").asText();
    }

    private static <T> Optional<T> pick(List<T> options, Random random) {
        return options.isEmpty() ? Optional.empty() : Optional.of(options.get(random.nextInt(options.size())));
    }
}
