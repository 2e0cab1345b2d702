package io.apigenmt.domains;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The sampled context of one task.
 *
 * @param userId           the user the task is about
 * @param user             the user's record with the orders/reservations it owns, as JSON
 * @param persona          a short description of how this customer talks
 * @param suggestedActions a write-action walk over the API graph that executes successfully and
 *                         satisfies the policy on a fresh environment (a hint for the generator)
 * @param suggestedOutputs facts the agent would have to tell the user for an information request
 *                         that fits the walk (may be empty)
 */
public record TaskContext(
        String userId,
        JsonNode user,
        String persona,
        List<ToolCall> suggestedActions,
        List<String> suggestedOutputs) {}
