package io.apigenmt.domains.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.sampling.WalkSampler;
import io.apigenmt.domains.sampling.WriteWalk;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import io.apigenmt.domains.tools.DomainEnvironment;

/**
 * Picks an airline customer and a 1-3 step write walk for them, plus at most one fact the agent
 * would have to tell (e.g. the total of a new booking, computable from search results).
 */
public final class AirlineContextSampler extends WalkSampler {

    static final Map<String, List<String>> WRITE_GRAPH = Map.of(
            "book_reservation", List.of("update_reservation_baggages", "update_reservation_passengers",
                    "cancel_reservation", "send_certificate"),
            "cancel_reservation", List.of("book_reservation", "send_certificate", "update_reservation_flights"),
            "update_reservation_flights", List.of("update_reservation_baggages", "update_reservation_passengers"),
            "update_reservation_baggages", List.of("update_reservation_passengers", "update_reservation_flights",
                    "cancel_reservation"),
            "update_reservation_passengers", List.of("update_reservation_baggages", "cancel_reservation"),
            "send_certificate", List.of("book_reservation", "cancel_reservation"));

    AirlineContextSampler(Supplier<DomainEnvironment> freshEnvironment, AirlinePolicyChecker checker) {
        super(freshEnvironment, new WriteWalk(freshEnvironment, WRITE_GRAPH, new AirlineActionProposer(), checker),
                List.copyOf(freshEnvironment.get().database().ids(AirlineRecords.USERS)), 0x2545F4914F6CDD1DL);
    }

    @Override
    protected ObjectNode userView(Database db, String userId) {
        // The record's key is its id (tau-bench's layout); the generator sees it first.
        ObjectNode view = JsonNodeFactory.instance.objectNode().put("user_id", userId);
        view.setAll((ObjectNode) db.get(AirlineRecords.USERS, userId).deepCopy());
        ObjectNode reservations = view.putObject("reservation_details");
        for (JsonNode id : view.path("reservations")) {
            reservations.set(id.asText(), db.get(AirlineRecords.RESERVATIONS, id.asText()).deepCopy());
        }
        return view;
    }

    /** The booking total or the bag fee the agent must quote, both derivable with calculate. */
    @Override
    protected List<String> outputFor(List<ToolCall> actions, Database db) {
        if (actions.isEmpty()) {
            return List.of();
        }
        ToolCall first = actions.get(0);
        JsonNode args = first.arguments();
        return switch (first.name()) {
            case "book_reservation" -> List.of(Money.text(Money.of(args.path("payment_methods").path(0).get("amount"))));
            case "update_reservation_baggages" -> {
                JsonNode reservation = db.get(AirlineRecords.RESERVATIONS, args.path("reservation_id").asText());
                int added = Math.max(0, args.path("nonfree_baggages").asInt()
                        - reservation.path("nonfree_baggages").asInt());
                yield List.of(Money.text(AirlineRecords.PRICE_PER_EXTRA_BAG.multiply(BigDecimal.valueOf(added))));
            }
            default -> List.of();
        };
    }
}
