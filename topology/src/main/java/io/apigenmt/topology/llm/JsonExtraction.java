package io.apigenmt.topology.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON in a model's answer. Even with response_format json_object many servers and
 * models wrap it: in a ```json fence, in prose ("Here is the blueprint: {...}"), after a
 * {@code <think>} block. Tried in order: the whole text; each fenced block; each balanced
 * {@code {...}} region (string- and escape-aware) from left to right. The first that parses
 * wins.
 */
public final class JsonExtraction {

    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*[ \\t]*\\r?\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern THINK = Pattern.compile("<think>.*?</think>", Pattern.DOTALL);

    private final ObjectMapper strict;

    public JsonExtraction() {
        // Trailing tokens must fail, or "{...} and some prose {" would pass as the whole text.
        this.strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Thrown when no JSON can be found; the message is meant for the model on a re-ask. */
    public static final class NoJsonException extends Exception {

        private static final long serialVersionUID = 1L;
        public NoJsonException(String message) {
            super(message);
        }
    }

    public JsonNode extract(String content) throws NoJsonException {
        if (content == null || content.isBlank()) {
            throw new NoJsonException("the answer was empty; expected a JSON object");
        }
        String text = THINK.matcher(content).replaceAll("").trim();
        String firstError = null;
        JsonNode whole = tryParse(text);
        if (whole != null) {
            return whole;
        }
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            String block = fence.group(1).trim();
            JsonNode node = tryParse(block);
            if (node != null) {
                return node;
            }
            if (firstError == null) {
                firstError = parseError(block);
            }
        }
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int end = balancedEnd(text, start);
            if (end < 0) {
                if (firstError == null) {
                    firstError = "the JSON object starting at character " + start + " is not closed (truncated?)";
                }
                break; // an unclosed brace swallows the rest: later starts are inside it
            }
            String candidate = text.substring(start, end + 1);
            JsonNode node = tryParse(candidate);
            if (node != null && node.isObject()) {
                return node;
            }
            if (firstError == null) {
                firstError = parseError(candidate);
            }
        }
        throw new NoJsonException(firstError != null ? "invalid JSON: " + firstError
                : "no JSON object found in the answer; reply with a single JSON object");
    }

    private JsonNode tryParse(String s) {
        if (s.isEmpty() || (s.charAt(0) != '{' && s.charAt(0) != '[')) {
            return null;
        }
        try {
            return strict.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String parseError(String s) {
        try {
            strict.readTree(s);
            return "not a JSON object";
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }

    /** Index of the brace closing the one at {@code start}, or -1; skips braces inside strings. */
    public static int balancedEnd(String s, int start) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
