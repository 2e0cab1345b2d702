package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/**
 * One role the simulated model server plays. Stateless: everything it knows comes from the
 * request (the pipeline's own prompts) and a random source seeded from the server seed and the
 * request content, so the same request always gets the same answer.
 */
public interface SimRole {

    /**
     * @param request the OpenAI chat completion request body as received
     * @return the OpenAI assistant {@code message} object to answer with (content and/or tool_calls)
     */
    ObjectNode respond(JsonNode request, SplittableRandom random);
}
