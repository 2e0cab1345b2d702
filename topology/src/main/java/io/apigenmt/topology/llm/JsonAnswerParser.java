package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a model's JSON answer into a value, or throws with a message the model can act on
 * ("actions[2].name: unknown tool 'refund'"): that message is sent back verbatim on a re-ask.
 */
@FunctionalInterface
public interface JsonAnswerParser<T> {

    T parse(JsonNode answer) throws Exception;
}
