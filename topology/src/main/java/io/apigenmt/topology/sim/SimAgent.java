package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The simulated customer-service agent of a rollout: it sees the policy (system prompt), the
 * tools and the conversation, and follows the policy's procedure the way a careful agent would:
 * authenticate the user (find_user_id_by_email / find_user_id_by_name_zip when offered, else
 * get_user_details by user id; a domain with neither has no one to authenticate), read the entity
 * the requested action is about (a
 * {@code get_*_details} tool whose required parameters the action carries), list the action and
 * ask for an explicit yes, then call the write tool; one tool call per turn, never a tool call
 * together with a reply. It reads requests in the simulated user's phrasebook
 * ({@link ActionPhrases}, {@link SimInstructions}).
 *
 * <p>Errors: with probability {@code errorRate} per conversation it makes one mistake, at its
 * first or second decision (a confirmed write or an information question): a wrong argument
 * value, a write it claims but skips, or an answer that omits the expected output. The choice is
 * a function of the server seed and the user's opening message — not of the per-request random
 * source, which changes every turn — so one conversation errs consistently. Stateless otherwise:
 * every answer is recomputed from the request.
 */
public final class SimAgent implements SimRole {

    public static final double DEFAULT_ERROR_RATE = 0.15;

    private static final String ANYTHING_ELSE = "Is there anything else I can help you with?";
    private static final String TRANSFER = "transfer_to_human_agents";

    private enum Mistake { WRONG_ARGUMENT, SKIP_WRITE, FORGET_OUTPUT }

    /** The error plan of one conversation: whether, where and how it errs. */
    private record Plan(boolean errs, int decision, boolean skipWrite, long salt) {}

    /** One message of the conversation, as the agent sees it. */
    private record Msg(String role, String content, List<Call> calls, String toolCallId) {
        boolean isText(String r) {
            return role.equals(r) && calls.isEmpty();
        }
    }

    private record Call(String id, String name, JsonNode args) {}

    private final ObjectMapper json;
    private final ActionPhrases phrases;
    private final SimInstructions instructions;
    private final double errorRate;
    private final long seed;

    /**
     * @param errorRate share of conversations with one deliberate mistake (0 = a perfect agent)
     * @param seed      the server seed, so different seeds err on different conversations
     */
    public SimAgent(ObjectMapper json, double errorRate, long seed) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("agent error rate must be in [0, 1] but was " + errorRate);
        }
        this.json = json;
        this.phrases = new ActionPhrases(json);
        this.instructions = new SimInstructions(json);
        this.errorRate = errorRate;
        this.seed = seed;
    }

    public SimAgent(ObjectMapper json, double errorRate) {
        this(json, errorRate, 0L);
    }

    /** Recognises an agent request: it offers tools (no other pipeline prompt does). */
    public static boolean detects(JsonNode request) {
        JsonNode tools = request.path("tools");
        return tools.isArray() && !tools.isEmpty();
    }

    @Override
    public ObjectNode respond(JsonNode request, SplittableRandom random) {
        Map<String, JsonNode> tools = tools(request);
        List<Msg> conv = conversation(request);
        return decide(conv, tools, random, request.path("seed").asLong(0));
    }

    // ---- the decision ---------------------------------------------------------------------------

    private ObjectNode decide(List<Msg> conv, Map<String, JsonNode> tools, SplittableRandom random, long requestSeed) {
        Msg last = conv.isEmpty() ? null : conv.get(conv.size() - 1);
        if (last == null || !(last.role().equals("user") || last.role().equals("tool"))) {
            return say("Hi! How can I help you today?");
        }
        if (last.role().equals("tool")) {
            Call call = callById(conv, last.toolCallId());
            if (call != null && isWrite(conv, call)) {
                return report(call, last.content());
            }
            return pending(conv, tools, random, requestSeed);
        }
        int userIndex = conv.size() - 1;
        String previous = lastAssistantText(conv, userIndex);
        if (previous != null && isConfirmQuestion(previous)) {
            if (isYes(last.content())) {
                return write(conv, tools, userIndex, random, requestSeed);
            }
            if (isNo(last.content())) {
                return say("Okay, I will not make that change. " + ANYTHING_ELSE);
            }
        }
        return pending(conv, tools, random, requestSeed);
    }

    /** What to do next when no write is in play: authenticate, read, confirm, answer. */
    private ObjectNode pending(List<Msg> conv, Map<String, JsonNode> tools, SplittableRandom random, long requestSeed) {
        if (!authenticated(conv, tools)) {
            ToolCall attempt = authAttempt(conv, tools);
            if (attempt != null) {
                return call(attempt, conv, random);
            }
            long asked = conv.stream().filter(m -> m.isText("assistant") && isIdentityRequest(m.content())).count();
            if (asked >= 2) {
                if (tools.containsKey(TRANSFER)) {
                    return call(new ToolCall(TRANSFER, json.createObjectNode()
                            .put("summary", "The user could not be authenticated.")), conv, random);
                }
                return say("I'm sorry, I cannot help you without verifying your identity.");
            }
            return say("Before I can help, I need to verify your identity. Could you please provide "
                    + (finders(tools).isEmpty() ? "your user id" : "your email address, or your first name, last name and zip code")
                    + "?");
        }
        int requestAt = lastIndex(conv, m -> m.isText("user") && !phrases.parseAll(m.content()).isEmpty());
        if (requestAt >= 0 && !confirmedAfter(conv, requestAt)) {
            ToolCall action = phrases.parseAll(conv.get(requestAt).content()).get(0);
            ToolCall read = readFor(action, tools);
            if (read != null && !called(conv, read)) {
                return call(read, conv, random);
            }
            return say("I can help with that. To confirm, I will " + human(action) + ". Do you confirm? (yes/no)");
        }
        int userAt = lastIndex(conv, m -> m.isText("user"));
        if (userAt >= 0 && !answeredAfter(conv, userAt)) {
            List<String> wanted = instructions.parseExpectations(conv.get(userAt).content());
            if (!wanted.isEmpty()) {
                Plan plan = plan(conv, requestSeed);
                if (plan.errs() && plan.decision() == decisionIndex(conv, userAt)) {
                    return say("I'm sorry, I could not find that information. " + ANYTHING_ELSE);
                }
                return say("Here is the information you asked for: " + String.join("; ", wanted) + ". " + ANYTHING_ELSE);
            }
        }
        return say(ANYTHING_ELSE);
    }

    /** The user said yes to our confirmation: the write, or this conversation's mistake. */
    private ObjectNode write(List<Msg> conv, Map<String, JsonNode> tools, int userIndex, SplittableRandom random, long requestSeed) {
        int requestAt = lastIndex(conv.subList(0, userIndex), m -> m.isText("user") && !phrases.parseAll(m.content()).isEmpty());
        if (requestAt < 0) {
            return say("I'm sorry, I lost track of your request. What would you like me to do?");
        }
        ToolCall action = phrases.parseAll(conv.get(requestAt).content()).get(0);
        Plan plan = plan(conv, requestSeed);
        if (plan.errs() && plan.decision() == decisionIndex(conv, userIndex)) {
            JsonNode wrong = plan.skipWrite() ? null : mutate(action, tools.get(action.name()), plan.salt());
            if (wrong == null) {
                return say("Done! Your request has been taken care of. " + ANYTHING_ELSE);
            }
            return call(new ToolCall(action.name(), wrong), conv, random);
        }
        return call(action, conv, random);
    }

    private ObjectNode report(Call call, String observation) {
        String what = call.name().replace('_', ' ');
        if (observation != null && observation.startsWith("Error")) {
            return say("I'm sorry, I could not " + what + ": " + observation + " " + ANYTHING_ELSE);
        }
        return say("Done: I completed the " + what + " request successfully. " + ANYTHING_ELSE);
    }

    // ---- authentication and reads ---------------------------------------------------------------

    private static Map<String, JsonNode> finders(Map<String, JsonNode> tools) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        tools.forEach((name, params) -> {
            if (name.startsWith("find_user_id")) {
                out.put(name, params);
            }
        });
        return out;
    }

    /** Finders when the domain has them (retail); else get_user_details by user id (airline); else nothing to do. */
    private boolean authenticated(List<Msg> conv, Map<String, JsonNode> tools) {
        Map<String, JsonNode> finders = finders(tools);
        if (finders.isEmpty() && !tools.containsKey("get_user_details")) {
            return true;
        }
        for (int i = 0; i < conv.size(); i++) {
            Msg m = conv.get(i);
            if (!m.role().equals("tool") || m.content() == null || m.content().startsWith("Error")) {
                continue;
            }
            Call call = callById(conv, m.toolCallId());
            if (call != null && (finders.containsKey(call.name()) || (finders.isEmpty() && call.name().equals("get_user_details")))) {
                return true;
            }
        }
        return false;
    }

    /** The first authentication call the user's details allow that has not been tried yet. */
    private ToolCall authAttempt(List<Msg> conv, Map<String, JsonNode> tools) {
        StringBuilder said = new StringBuilder();
        conv.stream().filter(m -> m.isText("user")).forEach(m -> said.append(m.content()).append('\n'));
        SimInstructions.Identity id = SimInstructions.parseIdentity(said.toString());
        List<ToolCall> candidates = new ArrayList<>();
        Map<String, JsonNode> finders = finders(tools);
        for (Map.Entry<String, JsonNode> finder : finders.entrySet()) {
            ObjectNode args = json.createObjectNode();
            boolean complete = true;
            for (String param : required(finder.getValue())) {
                String p = param.toLowerCase(Locale.ROOT);
                String value = p.contains("email") ? id.email()
                        : p.contains("first") ? id.firstName()
                        : p.contains("last") ? id.lastName()
                        : p.contains("zip") ? id.zip()
                        : p.contains("user") ? id.userId() : null;
                if (value == null) {
                    complete = false;
                    break;
                }
                args.put(param, value);
            }
            if (complete) {
                candidates.add(new ToolCall(finder.getKey(), args));
            }
        }
        if (finders.isEmpty() && tools.containsKey("get_user_details") && id.userId() != null) {
            candidates.add(new ToolCall("get_user_details", json.createObjectNode().put("user_id", id.userId())));
        }
        return candidates.stream().filter(c -> !called(conv, c)).findFirst().orElse(null);
    }

    /** A get_*_details read the action's arguments can feed; the most specific (not the user) first. */
    private ToolCall readFor(ToolCall action, Map<String, JsonNode> tools) {
        ToolCall fallback = null;
        for (Map.Entry<String, JsonNode> tool : tools.entrySet()) {
            String name = tool.getKey();
            if (!name.startsWith("get_") || !name.endsWith("_details")) {
                continue;
            }
            List<String> required = required(tool.getValue());
            if (required.isEmpty() || !required.stream().allMatch(p -> action.arguments().hasNonNull(p))) {
                continue;
            }
            ObjectNode args = json.createObjectNode();
            required.forEach(p -> args.set(p, action.arguments().get(p)));
            ToolCall read = new ToolCall(name, args);
            if (!name.equals("get_user_details")) {
                return read;
            }
            fallback = read;
        }
        return fallback;
    }

    // ---- mistakes -------------------------------------------------------------------------------

    private Plan plan(List<Msg> conv, long requestSeed) {
        String opening = conv.stream().filter(m -> m.isText("user")).map(Msg::content).findFirst().orElse("");
        // The request's sampling seed (the rollout's trial number) draws a fresh plan per trial.
        long h = mix(mix(seed, requestSeed), fnv(opening));
        SplittableRandom r = new SplittableRandom(h);
        boolean errs = r.nextDouble() < errorRate;
        return new Plan(errs, r.nextInt(2), r.nextBoolean(), r.nextLong());
    }

    /** Decisions (confirmed writes and information questions) the user triggered before message {@code at}. */
    private int decisionIndex(List<Msg> conv, int at) {
        int n = 0;
        for (int i = 0; i < at; i++) {
            Msg m = conv.get(i);
            if (!m.isText("user")) {
                continue;
            }
            String previous = lastAssistantText(conv, i);
            if ((isYes(m.content()) && previous != null && isConfirmQuestion(previous))
                    || !instructions.parseExpectations(m.content()).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** A plausible wrong value for one argument: another enum value, a number off by one, an edited string. */
    private JsonNode mutate(ToolCall action, JsonNode parameters, long salt) {
        ObjectNode args = action.arguments().deepCopy();
        JsonNode properties = parameters == null ? json.createObjectNode() : parameters.path("properties");
        List<String> fields = new ArrayList<>();
        args.fieldNames().forEachRemaining(fields::add);
        if (fields.isEmpty()) {
            return null;
        }
        int start = (int) Math.floorMod(salt, (long) fields.size());
        for (int k = 0; k < fields.size(); k++) {
            String field = fields.get((start + k) % fields.size());
            JsonNode value = args.get(field);
            JsonNode options = properties.path(field).path("enum");
            if (options.isArray() && options.size() > 1 && value.isTextual()) {
                for (JsonNode option : options) {
                    if (!option.asText().equals(value.asText())) {
                        args.set(field, option.deepCopy());
                        return args;
                    }
                }
            }
            if (value.isIntegralNumber()) {
                args.put(field, value.asLong() + 1);
                return args;
            }
            if (value.isNumber()) {
                args.put(field, value.decimalValue().add(BigDecimal.ONE));
                return args;
            }
            if (value.isTextual() && !value.asText().isEmpty()) {
                args.put(field, editText(value.asText()));
                return args;
            }
            if (value.isArray() && !value.isEmpty() && value.get(0).isTextual()) {
                ((ArrayNode) value).set(0, json.getNodeFactory().textNode(editText(value.get(0).asText())));
                return args;
            }
        }
        return null;
    }

    private static String editText(String s) {
        char last = s.charAt(s.length() - 1);
        if (Character.isDigit(last)) {
            return s.substring(0, s.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        }
        return s + " 2";
    }

    // ---- the conversation -----------------------------------------------------------------------

    private List<Msg> conversation(JsonNode request) {
        List<Msg> out = new ArrayList<>();
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText("");
            if (role.equals("system")) {
                continue;
            }
            List<Call> calls = new ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                JsonNode function = c.path("function");
                calls.add(new Call(c.path("id").asText(""), function.path("name").asText(""), arguments(function.path("arguments"))));
            }
            out.add(new Msg(role, SimPrompts.content(m), calls, m.path("tool_call_id").asText(null)));
        }
        return out;
    }

    private JsonNode arguments(JsonNode raw) {
        if (raw.isObject()) {
            return raw;
        }
        try {
            JsonNode parsed = json.readTree(raw.asText("{}"));
            return parsed != null && parsed.isObject() ? parsed : json.createObjectNode();
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private static Map<String, JsonNode> tools(JsonNode request) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.path("function");
            out.put(function.path("name").asText(""), function.path("parameters"));
        }
        return out;
    }

    private static List<String> required(JsonNode parameters) {
        List<String> out = new ArrayList<>();
        parameters.path("required").forEach(p -> out.add(p.asText()));
        return out;
    }

    private static Call callById(List<Msg> conv, String id) {
        for (Msg m : conv) {
            for (Call c : m.calls()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Writes are exactly the calls made right after a confirmed yes. */
    private boolean isWrite(List<Msg> conv, Call call) {
        for (int i = 1; i < conv.size(); i++) {
            if (conv.get(i).calls().contains(call)) {
                Msg before = conv.get(i - 1);
                String asked = lastAssistantText(conv, i - 1);
                return before.isText("user") && isYes(before.content()) && asked != null && isConfirmQuestion(asked);
            }
        }
        return false;
    }

    private static boolean called(List<Msg> conv, ToolCall c) {
        return conv.stream().flatMap(m -> m.calls().stream())
                .anyMatch(x -> x.name().equals(c.name()) && x.args().equals(c.arguments()));
    }

    /** Whether we already asked to confirm (or acted on) the request at {@code at}. */
    private static boolean confirmedAfter(List<Msg> conv, int at) {
        for (int i = at + 1; i < conv.size(); i++) {
            Msg m = conv.get(i);
            if (m.isText("assistant") && isConfirmQuestion(m.content())) {
                return true;
            }
        }
        return false;
    }

    private static boolean answeredAfter(List<Msg> conv, int at) {
        for (int i = at + 1; i < conv.size(); i++) {
            if (conv.get(i).isText("assistant")) {
                return true;
            }
        }
        return false;
    }

    private static String lastAssistantText(List<Msg> conv, int before) {
        for (int i = before - 1; i >= 0; i--) {
            Msg m = conv.get(i);
            if (m.isText("assistant")) {
                return m.content();
            }
            if (m.isText("user")) {
                return null;
            }
        }
        return null;
    }

    private static int lastIndex(List<Msg> conv, Predicate<Msg> p) {
        for (int i = conv.size() - 1; i >= 0; i--) {
            if (p.test(conv.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isConfirmQuestion(String text) {
        return text != null && text.contains("(yes/no)");
    }

    private static boolean isIdentityRequest(String text) {
        return text != null && text.contains("verify your identity");
    }

    private static boolean isYes(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("yes") || t.equals("y") || t.startsWith("confirm");
    }

    private static boolean isNo(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("no") && !t.startsWith("not");
    }

    private String human(ToolCall action) {
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = action.arguments().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            parts.add(f.getKey().replace('_', ' ') + " " + f.getValue().toString());
        }
        String what = action.name().replace('_', ' ');
        return parts.isEmpty() ? what : what + " with " + String.join(", ", parts);
    }

    // ---- answers --------------------------------------------------------------------------------

    private ObjectNode say(String text) {
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.put("content", text);
        return message;
    }

    private ObjectNode call(ToolCall call, List<Msg> conv, SplittableRandom random) {
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        ObjectNode c = message.putArray("tool_calls").addObject();
        // Unique within the conversation (its length grows every turn), varied across requests.
        c.put("id", String.format(Locale.ROOT, "call_%d_%04x", conv.size(), random.nextInt(0x10000)));
        c.put("type", "function");
        ObjectNode function = c.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments().toString());
        return message;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
