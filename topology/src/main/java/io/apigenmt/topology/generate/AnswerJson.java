package io.apigenmt.topology.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds the JSON object in a model's answer. Strong models mostly return bare JSON in json mode,
 * but many servers ignore response_format and models like to wrap the object in a code fence or
 * a sentence, so the parsers of every role accept any of those wrappers.
 */
public final class AnswerJson {

    private AnswerJson() {}

    /**
     * @return the first complete top-level JSON object in {@code content}
     * @throws AnswerFormatException when there is none
     */
    public static JsonNode object(ObjectMapper json, String content) {
        if (content == null || content.isBlank()) {
            throw new AnswerFormatException("the answer was empty; answer with a single JSON object");
        }
        String text = content.strip();
        try {
            JsonNode whole = json.readTree(text);
            if (whole != null && whole.isObject()) {
                return whole;
            }
        } catch (JsonProcessingException notBare) {
            // Fall through: look for an object inside prose or a code fence.
        }
        for (int open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
            int close = closingBrace(text, open);
            if (close < 0) {
                break;
            }
            try {
                JsonNode node = json.readTree(text.substring(open, close + 1));
                if (node.isObject()) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // Braces in prose; keep scanning from the next one.
            }
        }
        throw new AnswerFormatException("the answer contains no JSON object; answer with a single JSON object and nothing else");
    }

    /** Index of the brace closing the one at {@code open}, honouring JSON strings; -1 if none. */
    static int closingBrace(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
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
