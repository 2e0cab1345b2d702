package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How sim-llm writes a task instruction, and how its user and agent read one back. The
 * simulated generator writes instructions with it; the simulated user finds it in the user
 * prompt's {@code <instruction>} block; the simulated agent reads the same phrases when the
 * user repeats them. An instruction is three kinds of sentences:
 * <ul>
 *   <li>identity: {@code Your first name is Yusuf. Your last name is Rossi. Your email is ...
 *       Your zip code is 19122. Your user id is yusuf_rossi_9620.} (whatever the user record has);</li>
 *   <li>one {@link ActionPhrases} sentence per wanted action, in order;</li>
 *   <li>one {@code You expect to hear: "<output>".} per expected output (a JSON string, so any
 *       text survives the round trip).</li>
 * </ul>
 * The user's own messages use "My ... is ..." and "I expect to hear: ..." forms of the same
 * sentences, which {@link #parseIdentity} and {@link #parseExpectations} read as well.
 */
public final class SimInstructions {

    private static final Pattern FIRST = Pattern.compile("(?i)\\b(?:my|your) first name is ([^.,\\n]+)");
    private static final Pattern LAST = Pattern.compile("(?i)\\b(?:my|your) last name is ([^.,\\n]+)");
    private static final Pattern EMAIL = Pattern.compile("(?i)\\b(?:my|your) email(?: address)? is ([^\\s,]+@[^\\s,]+?)\\.?(?=\\s|$|,)");
    private static final Pattern ZIP = Pattern.compile("(?i)\\b(?:my|your) zip code is ([A-Za-z0-9-]+)");
    private static final Pattern USER_ID = Pattern.compile("(?i)\\b(?:my|your) user id is ([A-Za-z0-9_-]+)");
    /** "You are Yusuf Rossi." / "My name is Yusuf Rossi." (capitalised words: the generator's older form). */
    private static final Pattern FULL_NAME = Pattern.compile("\\b(?:You are|My name is) ([A-Z][\\w'-]*) ([A-Z][\\w'-]*(?: [A-Z][\\w'-]*)*)\\.");
    private static final Pattern EXPECT = Pattern.compile("(?i)expect to hear:\\s*");

    /** Whatever of the user's identity an instruction or message reveals; absent parts are null. */
    public record Identity(String firstName, String lastName, String email, String zip, String userId) {

        public boolean hasNameAndZip() {
            return firstName != null && lastName != null && zip != null;
        }

        public boolean isEmpty() {
            return firstName == null && lastName == null && email == null && zip == null && userId == null;
        }
    }

    private final ObjectMapper json;
    private final ActionPhrases phrases;

    public SimInstructions(ObjectMapper json) {
        this.json = json;
        this.phrases = new ActionPhrases(json);
    }

    /** The full instruction for a task: identity, then the actions in order, then the outputs. */
    public String build(TaskContext context, List<ToolCall> actions, List<String> outputs) {
        List<String> sentences = new ArrayList<>();
        sentences.add(identity(context));
        actions.forEach(a -> sentences.add(phrases.describe(a)));
        outputs.forEach(o -> sentences.add(expectation(o)));
        return String.join(" ", sentences.stream().filter(s -> !s.isBlank()).toList());
    }

    /** The identity sentences for the context's user (name, email, zip, user id, as available). */
    public String identity(TaskContext context) {
        JsonNode user = context.user();
        List<String> out = new ArrayList<>();
        JsonNode name = user == null ? null : user.path("name");
        if (name != null && name.isObject()) {
            text(name.path("first_name")).ifPresent(v -> out.add("Your first name is " + v + "."));
            text(name.path("last_name")).ifPresent(v -> out.add("Your last name is " + v + "."));
        } else if (name != null && name.isTextual() && name.asText().strip().contains(" ")) {
            String full = name.asText().strip();
            int space = full.indexOf(' ');
            out.add("Your first name is " + full.substring(0, space) + ".");
            out.add("Your last name is " + full.substring(space + 1).strip() + ".");
        }
        if (user != null) {
            text(user.path("email")).ifPresent(v -> out.add("Your email is " + v + "."));
            text(user.path("address").path("zip")).ifPresent(v -> out.add("Your zip code is " + v + "."));
        }
        String userId = context.userId() != null ? context.userId() : user == null ? null : text(user.path("user_id")).orElse(null);
        if (userId != null && !userId.isBlank()) {
            out.add("Your user id is " + userId + ".");
        }
        return String.join(" ", out);
    }

    /** {@code You expect to hear: "<output>".} */
    public String expectation(String output) {
        return "You expect to hear: " + quote(output) + ".";
    }

    /** The user's form: {@code I expect to hear: "<output>".} */
    public String askFor(String output) {
        return "I expect to hear: " + quote(output) + ".";
    }

    /** Identity details mentioned in {@code text}, in either the "your" or the "my" form. */
    public static Identity parseIdentity(String text) {
        if (text == null) {
            return new Identity(null, null, null, null, null);
        }
        String first = find(FIRST, text);
        String last = find(LAST, text);
        Matcher full = FULL_NAME.matcher(text);
        if ((first == null || last == null) && full.find()) {
            first = first == null ? full.group(1) : first;
            last = last == null ? full.group(2) : last;
        }
        return new Identity(first, last, find(EMAIL, text), find(ZIP, text), find(USER_ID, text));
    }

    /** Every "expect to hear:" output in {@code text}, in order. */
    public List<String> parseExpectations(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = EXPECT.matcher(text);
        int from = 0;
        while (m.find(from)) {
            int start = m.end();
            if (start < text.length() && text.charAt(start) == '"') {
                int end = closingQuote(text, start);
                if (end < 0) {
                    break;
                }
                try {
                    out.add(json.readValue(text.substring(start, end + 1), String.class));
                } catch (JsonProcessingException e) {
                    // Not our quoting after all: take the raw text between the quotes.
                    out.add(text.substring(start + 1, end));
                }
                from = end + 1;
            } else {
                // Unquoted (e.g. "...; you expect to hear: 42. I also want ...; you expect to hear: 7."):
                // up to the line end or, when another expectation follows, the sentence end before it.
                int lineEnd = text.indexOf('\n', start);
                int end = lineEnd < 0 ? text.length() : lineEnd;
                Matcher next = EXPECT.matcher(text);
                if (next.find(start) && next.start() < end) {
                    int sentenceEnd = text.lastIndexOf(". ", next.start());
                    end = sentenceEnd >= start ? sentenceEnd : next.start();
                }
                String value = text.substring(start, end).strip();
                if (value.endsWith(".")) {
                    value = value.substring(0, value.length() - 1);
                }
                if (!value.isEmpty()) {
                    out.add(value);
                }
                from = Math.max(end, start);
            }
        }
        return out;
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isValueNode() && !node.asText().isBlank() ? Optional.of(node.asText().strip()) : Optional.empty();
    }
}
