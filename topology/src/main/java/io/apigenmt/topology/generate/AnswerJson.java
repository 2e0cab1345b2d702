package io.apigenmt.topology.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.llm.JsonExtraction;

/**
 * Finds the JSON object in a model's answer. Strong models mostly return bare JSON in json mode,
 * but many servers ignore response_format and models like to wrap the object in a code fence or
 * a sentence, so the parsers of every role accept any of those wrappers.
 */
public final class AnswerJson {

    private static final JsonExtraction EXTRACTION = new JsonExtraction();

    private AnswerJson() {}

    /**
     * @return the first complete top-level JSON object in {@code content}
     * @throws AnswerFormatException when there is none
     */
    public static JsonNode object(String content) {
        try {
            JsonNode node = EXTRACTION.extract(content);
            if (node.isObject()) {
                return node;
            }
            throw new AnswerFormatException("the answer is JSON but not an object; answer with a single JSON object");
        } catch (JsonExtraction.NoJsonException e) {
            throw new AnswerFormatException(e.getMessage() + "; answer with a single JSON object and nothing else");
        }
    }

    /** A short rendering of a JSON value's type for error messages, e.g. "a number (42)". */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String shown = value.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        String kind = value.isTextual() ? "a string" : value.isNumber() ? "a number" : value.isBoolean() ? "a boolean"
                : value.isArray() ? "an array" : value.isObject() ? "an object" : "null";
        return kind + " (" + shown + ")";
    }
}
