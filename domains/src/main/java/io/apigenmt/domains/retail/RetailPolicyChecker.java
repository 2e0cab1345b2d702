package io.apigenmt.domains.retail;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.PolicyChecker;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.tools.DomainEnvironment;
import io.apigenmt.domains.state.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The retail rules decidable from a write sequence and the initial database. Order statuses are
 * tracked through the sequence on the checker's own bookkeeping (not by re-executing), so a rule
 * is reported even when the tool itself would have refused the call.
 *
 * <p>Rules: {@code order_modified_twice}, {@code wrong_order_status},
 * {@code disallowed_payment_method}, {@code multiple_users}, {@code unknown_entity}.
 */
public final class RetailPolicyChecker implements PolicyChecker {

    @Override
    public List<PolicyViolation> check(List<ExecutedCall> trace, Environment initial) {
        if (!(initial instanceof DomainEnvironment environment)) {
            return List.of(new PolicyViolation("unsupported_environment",
                    "the retail policy checker needs a retail environment"));
        }
        return new Run(environment.database()).check(trace);
    }

    /** The bookkeeping of one check. */
    private static final class Run {
        private final Database db;
        private final Map<String, String> statuses = new HashMap<>();
        private final Set<String> itemsChanged = new HashSet<>();
        private final Set<String> users = new LinkedHashSet<>();
        private final List<PolicyViolation> violations = new ArrayList<>();

        Run(Database db) {
            this.db = db;
        }

        List<PolicyViolation> check(List<ExecutedCall> trace) {
            for (ExecutedCall executed : trace) {
                visit(executed.call());
            }
            if (users.size() > 1) {
                violations.add(new PolicyViolation("multiple_users",
                        "the actions concern more than one user: " + String.join(", ", users)
                                + "; a conversation may only serve the one authenticated user"));
            }
            return List.copyOf(violations);
        }

        private void visit(ToolCall call) {
            JsonNode args = call.arguments();
            if (call.name().equals("modify_user_address")) {
                String userId = args.path("user_id").asText();
                if (db.get(RetailRecords.USERS, userId) == null) {
                    violations.add(new PolicyViolation("unknown_entity", "user " + userId + " does not exist"));
                } else {
                    users.add(userId);
                }
                return;
            }
            if (!args.has("order_id")) {
                return; // a read or a common tool: nothing to decide
            }
            String orderId = args.path("order_id").asText();
            JsonNode order = db.get(RetailRecords.ORDERS, orderId);
            if (order == null) {
                violations.add(new PolicyViolation("unknown_entity", "order " + orderId + " does not exist"));
                return;
            }
            String userId = order.path("user_id").asText();
            String status = statuses.getOrDefault(orderId, order.path("status").asText());
            switch (call.name()) {
                case "cancel_pending_order" -> transition(orderId, status, RetailRecords.PENDING, "cancelled",
                        RetailRecords.CANCELLED);
                case "modify_pending_order_address" -> transition(orderId, status, RetailRecords.PENDING,
                        "have its address changed", status);
                case "modify_pending_order_payment" -> {
                    transition(orderId, status, RetailRecords.PENDING, "have its payment changed", status);
                    requireOwnMethod(userId, orderId, args.path("payment_method_id").asText());
                }
                case "modify_pending_order_items" -> {
                    if (status.equals(RetailRecords.ITEMS_MODIFIED) || itemsChanged.contains(orderId)) {
                        violations.add(new PolicyViolation("order_modified_twice", "the items of order " + orderId
                                + " were already modified; items can be modified only once"));
                    } else {
                        transition(orderId, status, RetailRecords.PENDING, "have its items modified",
                                RetailRecords.ITEMS_MODIFIED);
                    }
                    itemsChanged.add(orderId);
                    requireOwnMethod(userId, orderId, args.path("payment_method_id").asText());
                }
                case "exchange_delivered_order_items" -> {
                    if (status.equals(RetailRecords.EXCHANGE_REQUESTED) || itemsChanged.contains(orderId)) {
                        violations.add(new PolicyViolation("order_modified_twice", "order " + orderId
                                + " was already exchanged; a delivered order can be exchanged only once"));
                    } else {
                        transition(orderId, status, RetailRecords.DELIVERED, "exchanged",
                                RetailRecords.EXCHANGE_REQUESTED);
                    }
                    itemsChanged.add(orderId);
                    requireOwnMethod(userId, orderId, args.path("payment_method_id").asText());
                }
                case "return_delivered_order_items" -> {
                    transition(orderId, status, RetailRecords.DELIVERED, "returned", RetailRecords.RETURN_REQUESTED);
                    checkRefundMethod(order, userId, args.path("payment_method_id").asText());
                }
                default -> {
                    return; // get_order_details and other reads
                }
            }
            users.add(userId);
        }

        private void transition(String orderId, String status, String required, String action, String next) {
            if (!status.equals(required)) {
                violations.add(new PolicyViolation("wrong_order_status", "order " + orderId + " is " + status
                        + " and cannot be " + action + "; only " + required + " orders can"));
            }
            statuses.put(orderId, next);
        }

        private void requireOwnMethod(String userId, String orderId, String methodId) {
            JsonNode user = db.get(RetailRecords.USERS, userId);
            if (user == null || !user.path("payment_methods").has(methodId)) {
                violations.add(new PolicyViolation("disallowed_payment_method", "payment method " + methodId
                        + " used for order " + orderId + " does not belong to " + userId));
            }
        }

        private void checkRefundMethod(JsonNode order, String userId, String methodId) {
            String original = order.path("payment_history").path(0).path("payment_method_id").asText();
            JsonNode method = db.get(RetailRecords.USERS, userId) == null ? null
                    : db.get(RetailRecords.USERS, userId).path("payment_methods").get(methodId);
            boolean ownGiftCard = method != null && RetailRecords.isGiftCard(method);
            if (!methodId.equals(original) && !ownGiftCard) {
                violations.add(new PolicyViolation("disallowed_payment_method", "the refund for order "
                        + order.path("order_id").asText() + " goes to " + methodId
                        + "; it must go to the original payment method " + original + " or a gift card of "
                        + userId));
            }
        }
    }
}
