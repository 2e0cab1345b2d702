package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.llm.PromptBlock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated generator. For a recombination ({@code <recombination>} block) it writes one
 * phrasebook instruction over the combined actions. Otherwise it reads the {@code <task_context>} block of the generator prompt and
 * answers with the suggested walk as actions, the suggested outputs as outputs and an
 * instruction in the sim's phrasebook ({@link ActionPhrases}) plus identity details and one
 * "you expect to hear: ..." sentence per output.
 *
 * <p>At {@code defectRate} (first generation) or {@code 1 - revisionFixRate} (a revision, i.e. a
 * prompt with {@code <improvement_plan>}) the answer carries one defect, the kind drawn evenly:
 * bad format, execution failure, policy violation, instruction mismatch. A kind that cannot be
 * built for this context (e.g. no mutation violates the policy) falls back to the next kind.
 * Format defects need only the prompt's tools, so they are made for any domain; the others
 * execute candidates on a domain of this process, so a domain the sim does not know (a remote
 * environment) gets format defects only.
 */
final class SimGenerator implements SimRole {

    enum Defect { FORMAT, EXECUTION, POLICY, MISMATCH }

    private final DomainRegistry domains;
    private final SimLlmOptions options;
    private final ObjectMapper json;
    private final ActionPhrases phrases;
    /** Memoized other-user contexts per domain (sampling can take tens of ms); bounded by OTHER_SEEDS. */
    private final Map<String, Map<Long, TaskContext>> others = new ConcurrentHashMap<>();

    SimGenerator(DomainRegistry domains, SimLlmOptions options, ObjectMapper json) {
        this.domains = domains;
        this.options = options;
        this.json = json;
        this.phrases = new ActionPhrases(json);
    }

    @Override
    public ObjectNode respond(JsonNode request, SplittableRandom random) {
        Optional<JsonNode> recombination = SimPrompts.jsonBlock(json, request, PromptBlock.RECOMBINATION);
        if (recombination.isPresent() && recombination.get().isObject()) {
            return recombined(recombination.get());
        }
        Optional<JsonNode> block = SimPrompts.jsonBlock(json, request, PromptBlock.TASK_CONTEXT);
        if (block.isEmpty() || !block.get().isObject()) {
            return text("{\"thought\": \"I cannot see a task_context block, so I cannot write a task.\"}");
        }
        JsonNode ctx = block.get();
        Optional<Domain> domain = domains.find(ctx.path("domain").asText(""));
        TaskContext context = context(ctx);
        boolean revision = SimPrompts.hasBlock(request, PromptBlock.IMPROVEMENT_PLAN);
        double defectRate = revision ? 1.0 - options.revisionFixRate() : options.defectRate();
        Answer answer = valid(context);
        if (random.nextDouble() < defectRate) {
            Defect first = Defect.values()[random.nextInt(Defect.values().length)];
            answer = defective(first, domain, tools(request), context, random).orElse(answer);
        }
        ObjectNode content = json.createObjectNode();
        content.put("thought", answer.thought());
        content.put("instruction", answer.instruction());
        content.set("actions", BlueprintDraft.actionsJson(answer.actions()));
        content.set("outputs", answer.outputs());
        return text(content.toString());
    }

    /** One instruction for a combined task: the phrasebook over all its actions, in order. */
    private ObjectNode recombined(JsonNode block) {
        TaskContext combined = context(block.path("user_id").asText(""), block.path("user"), block.path("persona").asText(""),
                block.path("actions"), block.path("outputs"));
        ObjectNode content = json.createObjectNode();
        content.put("thought", thought(combined, "ask for all of it in one conversation"));
        content.put("instruction", instruction(combined, combined.suggestedActions()));
        return text(content.toString());
    }

    private record Answer(String thought, String instruction, List<ToolCall> actions, ArrayNode outputs) {}

    private Answer valid(TaskContext context) {
        return new Answer(thought(context, "use the suggested actions as they are"),
                instruction(context, context.suggestedActions()), context.suggestedActions(), strings(context.suggestedOutputs()));
    }

    /** Tries the drawn kind first, then the others in order, so some defect is nearly always made. */
    private Optional<Answer> defective(Defect first, Optional<Domain> domain, Map<String, JsonNode> tools, TaskContext context,
                                       SplittableRandom random) {
        for (int k = 0; k < Defect.values().length; k++) {
            Defect kind = Defect.values()[(first.ordinal() + k) % Defect.values().length];
            Optional<Answer> answer = build(kind, domain, tools, context, random);
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
    }

    /** The parameters schema of every tool the prompt lists, by name. */
    private Map<String, JsonNode> tools(JsonNode request) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        SimPrompts.jsonBlock(json, request, PromptBlock.TOOLS).ifPresent(list -> list.forEach(tool ->
                out.put(tool.path("name").asText(), tool.path("parameters"))));
        return out;
    }

    private Optional<Answer> build(Defect kind, Optional<Domain> known, Map<String, JsonNode> tools, TaskContext context,
                                   SplittableRandom random) {
        if (kind == Defect.FORMAT) {
            return format(tools, context, random);
        }
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Domain domain = known.get();
        BlueprintMutator mutator = new BlueprintMutator(domain, context, random, seed -> others
                .computeIfAbsent(domain.name(), n -> new ConcurrentHashMap<>())
                .computeIfAbsent(seed, s -> domain.contextSampler().sample(s)));
        List<ToolCall> walk = context.suggestedActions();
        if (kind == Defect.EXECUTION) {
            return mutator.executionDefect().map(e -> consistent(context, e.actions(), "adjust an id"));
        }
        if (kind == Defect.POLICY) {
            return mutator.policyDefect().map(e -> consistent(context, e.actions(), "do a little more for the customer"));
        }
        return walk.isEmpty() ? Optional.empty() : mutator.changedArguments().map(described ->
                new Answer(thought(context, "describe the request in my own words"), instruction(context, described), walk,
                        strings(context.suggestedOutputs())));
    }

    /** Instruction and actions agree: the defect is in the actions themselves. */
    private Answer consistent(TaskContext context, List<ToolCall> actions, String why) {
        return new Answer(thought(context, why), instruction(context, actions), actions, strings(context.suggestedOutputs()));
    }

    private Optional<Answer> format(Map<String, JsonNode> tools, TaskContext context, SplittableRandom random) {
        List<ToolCall> walk = context.suggestedActions();
        int variant = random.nextInt(3);
        for (int k = 0; k < 3; k++) {
            switch ((variant + k) % 3) {
                case 0 -> {
                    if (!walk.isEmpty()) {
                        int i = random.nextInt(walk.size());
                        List<ToolCall> renamed = new ArrayList<>(walk);
                        renamed.set(i, new ToolCall(unknownName(tools, walk.get(i).name()), walk.get(i).arguments()));
                        return Optional.of(consistent(context, renamed, "use a more precise tool"));
                    }
                }
                case 1 -> {
                    for (int i = 0; i < walk.size(); i++) {
                        ToolCall call = walk.get(i);
                        JsonNode parameters = tools.get(call.name());
                        JsonNode required = parameters == null ? null : parameters.path("required");
                        if (required != null && required.size() > 0) {
                            String drop = required.get(random.nextInt(required.size())).asText();
                            ObjectNode args = call.arguments().deepCopy();
                            args.remove(drop);
                            List<ToolCall> trimmed = new ArrayList<>(walk);
                            trimmed.set(i, new ToolCall(call.name(), args));
                            // The instruction still states the full request: only the action lacks it.
                            return Optional.of(new Answer(thought(context, "keep the arguments short"), instruction(context, walk),
                                    trimmed, strings(context.suggestedOutputs())));
                        }
                    }
                }
                default -> {
                    ArrayNode outputs = strings(context.suggestedOutputs());
                    if (outputs.isEmpty()) {
                        outputs.add(IntNode.valueOf(random.nextInt(1, 100)));
                    } else {
                        int i = random.nextInt(outputs.size());
                        outputs.set(i, numberOrObject(outputs.get(i).asText()));
                    }
                    return Optional.of(new Answer(thought(context, "give the outputs as values"),
                            instruction(context, walk), walk, outputs));
                }
            }
        }
        return Optional.empty();
    }

    private JsonNode numberOrObject(String output) {
        try {
            return json.getNodeFactory().numberNode(new BigDecimal(output.replace(",", "").strip()));
        } catch (NumberFormatException notNumeric) {
            ObjectNode wrapped = json.createObjectNode();
            wrapped.put("answer", output);
            return wrapped;
        }
    }

    private static String unknownName(Map<String, JsonNode> tools, String name) {
        String candidate = name + "_request";
        return tools.containsKey(candidate) ? name + "_v2_request" : candidate;
    }

    // ------------------------------------------------------------ text

    private String instruction(TaskContext context, List<ToolCall> actions) {
        StringBuilder out = new StringBuilder(identity(context));
        for (ToolCall action : actions) {
            out.append(' ').append(phrases.describe(action));
        }
        for (String output : context.suggestedOutputs()) {
            out.append(" I also want to be told the relevant detail; you expect to hear: ").append(output).append('.');
        }
        return out.toString();
    }

    private static String identity(TaskContext context) {
        JsonNode user = context.user();
        String first = find(user, "first_name");
        String last = find(user, "last_name");
        String name = (first + " " + last).strip();
        if (name.isEmpty()) {
            name = user.path("name").isTextual() ? user.path("name").asText() : "a customer";
        }
        StringBuilder out = new StringBuilder("You are ").append(name).append('.');
        String email = find(user, "email");
        if (!email.isEmpty()) {
            out.append(" Your email is ").append(email).append('.');
        }
        String zip = find(user, "zip");
        if (!zip.isEmpty()) {
            out.append(" Your zip code is ").append(zip).append('.');
        }
        out.append(" Your user id is ").append(context.userId()).append('.');
        return out.toString();
    }

    private static String find(JsonNode node, String field) {
        JsonNode value = node.findValue(field);
        return value == null || !value.isValueNode() ? "" : value.asText();
    }

    private static String thought(TaskContext context, String plan) {
        return "The customer " + context.userId() + " needs " + context.suggestedActions().size()
                + " change(s) and " + context.suggestedOutputs().size() + " piece(s) of information; I " + plan + ".";
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode out = json.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private TaskContext context(JsonNode ctx) {
        return context(ctx.path("user_id").asText(""), ctx.path("user"), ctx.path("persona").asText(""),
                ctx.path("suggested_actions"), ctx.path("suggested_outputs"));
    }

    private static TaskContext context(String userId, JsonNode user, String persona, JsonNode actionsJson, JsonNode outputsJson) {
        List<ToolCall> actions = new ArrayList<>();
        for (JsonNode a : actionsJson) {
            actions.add(new ToolCall(a.path("name").asText(), a.get("arguments")));
        }
        List<String> outputs = new ArrayList<>();
        outputsJson.forEach(o -> outputs.add(o.asText()));
        return new TaskContext(userId, user, persona, actions, outputs);
    }

    private ObjectNode text(String content) {
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.put("content", content);
        return message;
    }
}
