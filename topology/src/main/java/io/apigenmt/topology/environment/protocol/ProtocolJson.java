package io.apigenmt.topology.environment.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyViolation;
import io.apigenmt.domains.StateHash;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.EpisodeState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one owner of the environment protocol's JSON bodies (ENVIRONMENT-PROTOCOL.md and the
 * extensions in docs/environment-protocol.md): the client reads answers and writes requests with
 * it, {@code env serve} the other way round. Readers are strict where the protocol is (a missing
 * or mistyped field is a {@link MalformedMessage} naming it) and lenient only where the
 * extensions say so. Numbers keep their exact decimal text ({@code 12.50} stays {@code 12.50}),
 * so a served domain's records read exactly as the in-process ones do.
 */
public final class ProtocolJson {

    /** The prefix the pipeline shows an error observation with; an environment's message comes without it. */
    public static final String ERROR_PREFIX = "Error: ";

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    public ObjectMapper mapper() {
        return json;
    }

    /** Parses a body that must be a JSON object. */
    public ObjectNode object(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedMessage("the body is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessage("the body is not a JSON object" + (node == null ? " (it is empty)" : ""));
        }
        return (ObjectNode) node;
    }

    public String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    // ---- describe ------------------------------------------------------------------------------

    public ObjectNode describe(String name, DomainDescription d) {
        ObjectNode out = json.createObjectNode();
        out.put("name", name);
        out.put("policy", d.policy());
        ArrayNode tools = out.putArray("tools");
        ArrayNode writes = out.putArray("write_tools");
        ArrayNode terminating = out.putArray("terminating_tools");
        for (ToolSpec t : d.tools()) {
            tools.addObject().put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
            if (t.isWrite()) {
                writes.add(t.name());
            } else if (t.terminates()) {
                terminating.add(t.name());
            }
        }
        d.attemptBudget().ifPresent(b -> out.put("attempt_budget", b));
        ArrayNode capabilities = out.putArray("capabilities");
        d.capabilities().stream().sorted().forEach(c -> capabilities.add(c.wire()));
        return out;
    }

    /**
     * {@code terminating_tools} may be left out (none); names in {@code write_tools} or
     * {@code terminating_tools} must be tools; capabilities we do not know are ignored.
     */
    public DomainDescription readDescription(ObjectNode body) {
        String policy = text(body, "policy");
        JsonNode toolsNode = array(body, "tools");
        Set<String> writes = names(body, "write_tools", true);
        Set<String> terminating = names(body, "terminating_tools", false);
        List<ToolSpec> tools = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < toolsNode.size(); i++) {
            JsonNode tool = toolsNode.get(i);
            String at = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw new MalformedMessage("'" + at + "' must be an object but is " + describeType(tool));
            }
            String name = text(tool, "name", at);
            if (!seen.add(name)) {
                throw new MalformedMessage("'" + at + ".name' repeats the tool name '" + name + "'");
            }
            JsonNode description = tool.get("description");
            if (description != null && !description.isTextual()) {
                throw new MalformedMessage("'" + at + ".description' must be a string but is " + describeType(description));
            }
            JsonNode parameters = tool.get("parameters");
            if (parameters == null || !parameters.isObject()) {
                throw new MalformedMessage("'" + at + ".parameters' must be a JSON Schema object but is " + describeType(parameters));
            }
            ToolSpec.Kind kind = writes.contains(name) ? ToolSpec.Kind.WRITE
                    : terminating.contains(name) ? ToolSpec.Kind.TERMINATE : ToolSpec.Kind.READ;
            tools.add(new ToolSpec(name, description == null ? "" : description.asText(), parameters, kind));
        }
        for (String listed : union(writes, terminating)) {
            if (!seen.contains(listed)) {
                throw new MalformedMessage("'write_tools' or 'terminating_tools' names '" + listed + "', which is not in 'tools'");
            }
        }
        OptionalInt budget = OptionalInt.empty();
        JsonNode b = body.get("attempt_budget");
        if (b != null && !b.isNull()) {
            if (!b.canConvertToInt() || !b.isIntegralNumber() || b.asInt() < 1) {
                throw new MalformedMessage("'attempt_budget' must be a whole number of at least 1 but is " + b);
            }
            budget = OptionalInt.of(b.asInt());
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (String c : names(body, "capabilities", false)) {
            Capability.of(c).ifPresent(capabilities::add);
        }
        return new DomainDescription(policy, tools, budget, capabilities);
    }

    // ---- episodes ------------------------------------------------------------------------------

    public ObjectNode episode(String id) {
        return json.createObjectNode().put("episode", id);
    }

    public String readEpisode(ObjectNode body) {
        String id = text(body, "episode");
        if (id.isBlank()) {
            throw new MalformedMessage("'episode' must not be empty");
        }
        return id;
    }

    public ObjectNode call(ToolCall call) {
        ObjectNode out = json.createObjectNode().put("name", call.name());
        out.set("arguments", call.arguments());
        return out;
    }

    /** A call as a server reads it; arguments left out mean none. */
    public ToolCall readCall(JsonNode body, String at) {
        String name = text(body, "name", at);
        JsonNode arguments = body.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new MalformedMessage("'" + (at.isEmpty() ? "" : at + ".") + "arguments' must be an object but is "
                    + describeType(arguments));
        }
        return new ToolCall(name, arguments);
    }

    /** An observation on the wire: an error's message comes without the {@code Error: } prefix. */
    public ObjectNode observation(Observation o) {
        String content = o.error() && o.content().startsWith(ERROR_PREFIX)
                ? o.content().substring(ERROR_PREFIX.length()) : o.content();
        return json.createObjectNode().put("observation", content).put("error", o.error()).put("terminates", o.terminates());
    }

    /** {@code error} and {@code terminates} may be left out (false). */
    public Observation readObservation(ObjectNode body) {
        String text = text(body, "observation");
        boolean error = flag(body, "error");
        boolean terminates = flag(body, "terminates");
        String content = error && !text.startsWith(ERROR_PREFIX) ? ERROR_PREFIX + text : text;
        return new Observation(content, error, terminates);
    }

    public ObjectNode state(StateHash hash, DiffPatch diff) {
        ObjectNode out = json.createObjectNode().put("hash", hash.hex());
        ArrayNode changes = out.putArray("diff");
        for (DiffPatch.Change c : diff.changes()) {
            ObjectNode entry = changes.addObject().put("path", c.path());
            entry.set("before", c.before() == null ? json.nullNode() : c.before());
            entry.set("after", c.after() == null ? json.nullNode() : c.after());
        }
        return out;
    }

    /** {@code diff} is optional; a before or after left out (or null) means the value was absent. */
    public EpisodeState readState(ObjectNode body) {
        String hash = text(body, "hash");
        if (hash.isBlank()) {
            throw new MalformedMessage("'hash' must not be empty");
        }
        List<DiffPatch.Change> changes = new ArrayList<>();
        JsonNode diff = body.get("diff");
        if (diff != null && !diff.isNull()) {
            if (!diff.isArray()) {
                throw new MalformedMessage("'diff' must be a list but is " + describeType(diff));
            }
            for (int i = 0; i < diff.size(); i++) {
                JsonNode c = diff.get(i);
                if (!c.isObject()) {
                    throw new MalformedMessage("'diff[" + i + "]' must be an object but is " + describeType(c));
                }
                changes.add(new DiffPatch.Change(text(c, "path", "diff[" + i + "]"), value(c.get("before")), value(c.get("after"))));
            }
        }
        return EpisodeState.reported(new StateHash(hash), new DiffPatch(List.copyOf(changes)));
    }

    // ---- context -------------------------------------------------------------------------------

    /** @param member null for a task of its own; the group member's place otherwise (an extension) */
    public ObjectNode contextRequest(long seed, Integer member) {
        ObjectNode out = json.createObjectNode().put("seed", seed);
        if (member != null) {
            out.put("member", member);
        }
        return out;
    }

    public long readSeed(ObjectNode body) {
        JsonNode seed = body.get("seed");
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new MalformedMessage("'seed' must be a whole number (int64) but is " + describeType(seed));
        }
        return seed.asLong();
    }

    /** The group member's place, when the request names one. */
    public Integer readMember(ObjectNode body) {
        JsonNode member = body.get("member");
        if (member == null || member.isNull()) {
            return null;
        }
        if (!member.isIntegralNumber() || !member.canConvertToInt() || member.asInt() < 0) {
            throw new MalformedMessage("'member' must be a whole number of at least 0 but is " + member);
        }
        return member.asInt();
    }

    /** The context text is the user's record as JSON, which clients may show as such. */
    public ObjectNode context(TaskContext c) {
        ObjectNode out = json.createObjectNode().put("user_id", c.userId());
        out.put("context", c.user().isTextual() ? c.user().asText() : write(c.user()));
        if (c.persona() != null) {
            out.put("persona", c.persona());
        }
        out.set("suggested_actions", actions(c.suggestedActions()));
        ArrayNode outputs = out.putArray("suggested_outputs");
        c.suggestedOutputs().forEach(outputs::add);
        return out;
    }

    /**
     * A context as the generator will see it: a context text holding a JSON object is taken as
     * that object; {@code persona} (an extension) may be absent; {@code suggested_actions} and
     * {@code suggested_outputs} may be left out (none).
     */
    public TaskContext readContext(ObjectNode body) {
        String userId = text(body, "user_id");
        String text = text(body, "context");
        JsonNode user = TextNode.valueOf(text);
        try {
            JsonNode parsed = json.readTree(text);
            if (parsed != null && parsed.isObject()) {
                user = parsed;
            }
        } catch (JsonProcessingException notJson) {
            // Plain text: the generator reads it as it is.
        }
        JsonNode persona = body.get("persona");
        if (persona != null && !persona.isNull() && !persona.isTextual()) {
            throw new MalformedMessage("'persona' must be a string but is " + describeType(persona));
        }
        List<ToolCall> actions = new ArrayList<>();
        JsonNode suggested = optionalArray(body, "suggested_actions");
        for (int i = 0; i < suggested.size(); i++) {
            JsonNode a = suggested.get(i);
            if (!a.isObject()) {
                throw new MalformedMessage("'suggested_actions[" + i + "]' must be an object but is " + describeType(a));
            }
            actions.add(readCall(a, "suggested_actions[" + i + "]"));
        }
        List<String> outputs = new ArrayList<>();
        JsonNode out = optionalArray(body, "suggested_outputs");
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).isTextual()) {
                throw new MalformedMessage("'suggested_outputs[" + i + "]' must be a string but is " + describeType(out.get(i)));
            }
            outputs.add(out.get(i).asText());
        }
        return new TaskContext(userId, user, persona == null || persona.isNull() ? null : persona.asText(), actions, outputs);
    }

    // ---- policy --------------------------------------------------------------------------------

    public ObjectNode policyRequest(List<ToolCall> actions) {
        ObjectNode out = json.createObjectNode();
        out.set("actions", actions(actions));
        return out;
    }

    public List<ToolCall> readPolicyRequest(ObjectNode body) {
        JsonNode actions = array(body, "actions");
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonNode a = actions.get(i);
            if (!a.isObject()) {
                throw new MalformedMessage("'actions[" + i + "]' must be an object but is " + describeType(a));
            }
            out.add(readCall(a, "actions[" + i + "]"));
        }
        return out;
    }

    public ObjectNode violations(List<PolicyViolation> violations) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("violations");
        violations.forEach(v -> list.addObject().put("rule", v.rule()).put("message", v.message()));
        return out;
    }

    public List<PolicyViolation> readViolations(ObjectNode body) {
        JsonNode list = array(body, "violations");
        List<PolicyViolation> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String at = "violations[" + i + "]";
            if (!v.isObject()) {
                throw new MalformedMessage("'" + at + "' must be an object but is " + describeType(v));
            }
            out.add(new PolicyViolation(text(v, "rule", at), text(v, "message", at)));
        }
        return out;
    }

    // ---- errors --------------------------------------------------------------------------------

    public ObjectNode error(String message) {
        ObjectNode out = json.createObjectNode();
        out.putObject("error").put("message", message);
        return out;
    }

    /** The {@code error.message} of a failure body, or the body's start when it has none. */
    public String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode message = json.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (JsonProcessingException notJson) {
            // Fall through to the raw text.
        }
        return body.strip();
    }

    // ---- fields --------------------------------------------------------------------------------

    private ArrayNode actions(List<ToolCall> calls) {
        ArrayNode out = json.createArrayNode();
        calls.forEach(c -> out.add(call(c)));
        return out;
    }

    private static String text(JsonNode body, String field) {
        return text(body, field, "");
    }

    private static String text(JsonNode body, String field, String at) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedMessage(missingOr(at, field, v, "a string"));
        }
        return v.asText();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new MalformedMessage("'" + field + "' must be a boolean but is " + describeType(v));
        }
        return v.asBoolean();
    }

    private static JsonNode array(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isArray()) {
            throw new MalformedMessage(missingOr("", field, v, "a list"));
        }
        return v;
    }

    private static JsonNode optionalArray(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw new MalformedMessage("'" + field + "' must be a list but is " + describeType(v));
        }
        return v;
    }

    private static Set<String> names(JsonNode body, String field, boolean required) {
        JsonNode v = required ? array(body, field) : optionalArray(body, field);
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new MalformedMessage("'" + field + "[" + i + "]' must be a string but is " + describeType(v.get(i)));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static JsonNode value(JsonNode v) {
        return v == null || v.isNull() ? null : v;
    }

    private static String missingOr(String at, String field, JsonNode v, String wanted) {
        String name = "'" + (at.isEmpty() ? "" : at + ".") + field + "'";
        return v == null ? name + " is missing" : name + " must be " + wanted + " but is " + describeType(v);
    }

    private static String describeType(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "missing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        return v.isArray() ? "a list" : "an object";
    }
}
