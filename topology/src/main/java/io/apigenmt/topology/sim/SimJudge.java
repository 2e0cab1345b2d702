package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The simulated committee member. Reads {@code <blueprint>} from the judge prompt and checks:
 * <ul>
 *   <li>correctness and completeness: the actions the instruction describes (read back with
 *       {@link ActionPhrases}) equal the blueprint's actions; for an instruction without phrasebook
 *       sentences, every argument value of every action is mentioned in it;</li>
 *   <li>satisfaction: every expected output appears in the instruction;</li>
 *   <li>creativity: 1 unless trivial (no action, or a very short instruction).</li>
 * </ul>
 * Then each item flips with probability judgeNoise. The random source is seeded by the request,
 * which names the judge's model, so judges differ from each other and votes sometimes split.
 */
final class SimJudge implements SimRole {

    private static final int TRIVIAL_INSTRUCTION_CHARS = 40;

    private final SimLlmOptions options;
    private final ObjectMapper json;
    private final ActionPhrases phrases;

    SimJudge(SimLlmOptions options, ObjectMapper json) {
        this.options = options;
        this.json = json;
        this.phrases = new ActionPhrases(json);
    }

    @Override
    public ObjectNode respond(JsonNode request, SplittableRandom random) {
        JsonNode blueprint = SimPrompts.jsonBlock(json, request, PromptBlock.BLUEPRINT).orElse(json.createObjectNode());
        String instruction = blueprint.path("instruction").asText("");
        List<ToolCall> actions = new ArrayList<>();
        blueprint.path("actions").forEach(a -> actions.add(new ToolCall(a.path("name").asText(), a.get("arguments"))));
        List<String> outputs = new ArrayList<>();
        blueprint.path("outputs").forEach(o -> outputs.add(o.isTextual() ? o.asText() : o.toString()));

        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        boolean matches = matches(instruction, actions, problems, fixes);
        boolean satisfied = satisfied(instruction, outputs, problems, fixes);
        boolean creative = !actions.isEmpty() && instruction.length() >= TRIVIAL_INSTRUCTION_CHARS;
        if (!creative) {
            problems.add("The task is trivial: it asks for too little to be a realistic request.");
            fixes.add("Make the customer ask for at least one concrete change grounded in their record.");
        }
        int[] scores = {matches ? 1 : 0, matches ? 1 : 0, satisfied ? 1 : 0, creative ? 1 : 0};
        String[] items = {"correctness", "completeness", "satisfaction", "creativity"};
        for (int i = 0; i < scores.length; i++) {
            if (random.nextDouble() < options.judgeNoise()) {
                scores[i] = 1 - scores[i];
                if (scores[i] == 0) {
                    // A noisy low score still needs a stated reason for the summarizer.
                    problems.add("I am not fully convinced about " + items[i] + ": the blueprint may be ambiguous.");
                    fixes.add("Make the instruction state every detail of the request explicitly.");
                }
            }
        }
        ObjectNode answer = json.createObjectNode();
        for (int i = 0; i < items.length; i++) {
            answer.put(items[i], scores[i]);
        }
        answer.put("reflection", problems.isEmpty()
                ? "The actions do exactly what the instruction asks and the outputs answer its questions."
                : String.join(" ", problems));
        answer.put("correction", String.join(" ", fixes));
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.put("content", answer.toString());
        return message;
    }

    private boolean matches(String instruction, List<ToolCall> actions, List<String> problems, List<String> fixes) {
        List<ToolCall> described = phrases.parseAll(instruction);
        if (described.isEmpty()) {
            return mentionsEveryValue(instruction, actions, problems, fixes);
        }
        int n = Math.min(described.size(), actions.size());
        for (int i = 0; i < n; i++) {
            if (!sameCall(described.get(i), actions.get(i))) {
                problems.add("Action " + (i + 1) + " does not match the instruction: the instruction asks to "
                        + described.get(i).name() + " with " + described.get(i).arguments() + " but the action is "
                        + actions.get(i).name() + " with " + actions.get(i).arguments() + ".");
                fixes.add("Make the instruction and action " + (i + 1) + " agree on the same tool and arguments.");
                return false;
            }
        }
        if (described.size() == actions.size()) {
            return true;
        }
        problems.add("The instruction describes " + described.size() + " action(s) but the blueprint has " + actions.size() + ".");
        fixes.add("Describe exactly the blueprint's actions in the instruction, no more and no fewer.");
        return false;
    }

    /** Same tool and arguments, numbers compared by value (185.00 and 185.0 are the same amount). */
    static boolean sameCall(ToolCall a, ToolCall b) {
        return a.name().equals(b.name()) && a.arguments().equals(NUMERIC, b.arguments());
    }

    private static final Comparator<JsonNode> NUMERIC = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    private static boolean mentionsEveryValue(String instruction, List<ToolCall> actions, List<String> problems, List<String> fixes) {
        String text = instruction.toLowerCase(Locale.ROOT);
        for (ToolCall action : actions) {
            for (BlueprintMutator.Leaf leaf : BlueprintMutator.leaves(action.arguments(), "")) {
                String value = leaf.value().asText("").toLowerCase(Locale.ROOT);
                if (!value.isEmpty() && !text.contains(value)) {
                    problems.add("The instruction never mentions " + leaf.path() + " = " + leaf.value() + " used by "
                            + action.name() + ".");
                    fixes.add("State " + leaf.value() + " in the instruction or drop it from the action.");
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean satisfied(String instruction, List<String> outputs, List<String> problems, List<String> fixes) {
        String text = instruction.toLowerCase(Locale.ROOT);
        for (String output : outputs) {
            if (!text.contains(output.toLowerCase(Locale.ROOT))) {
                problems.add("The expected output \"" + output + "\" answers nothing the instruction asks.");
                fixes.add("Ask for \"" + output + "\" in the instruction or remove it from the outputs.");
                return false;
            }
        }
        return true;
    }
}
