package io.apigenmt.topology.recombine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.generate.AnswerFormatException;
import io.apigenmt.topology.generate.AnswerJson;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The generator's second job in recombination: one coherent instruction for a combined task.
 * The request carries a {@link PromptBlock#RECOMBINATION} block, one JSON object
 * ({@code domain, user_id, persona, user, instructions, actions, outputs}); the answer is
 * {@code {"thought", "instruction"}}. sim-llm reads the block back, so its keys are a contract
 * with it as well.
 */
public final class InstructionPrompt {

    private final ObjectMapper json;
    private final PromptTemplate template = PromptTemplate.load("prompts/recombine.md");

    public InstructionPrompt(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param customer     the sampled context of the group's customer (for the user record)
     * @param instructions the members' instructions, in the order their actions run
     */
    public ChatRequest request(String domain, TaskContext customer, List<String> instructions, List<ToolCall> actions,
                               List<String> outputs) {
        ObjectNode block = json.createObjectNode();
        block.put("domain", domain);
        block.put("user_id", customer.userId());
        block.put("persona", customer.persona() == null ? "" : customer.persona());
        block.set("user", customer.user());
        instructions.forEach(block.putArray("instructions")::add);
        block.set("actions", BlueprintDraft.actionsJson(actions));
        ArrayNode out = block.putArray("outputs");
        outputs.forEach(out::add);
        try {
            return ChatRequest.json(template.messages(Map.of("domain", domain,
                    "recombination", json.writerWithDefaultPrettyPrinter().writeValueAsString(block))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render prompt JSON", e);
        }
    }

    /** @throws AnswerFormatException with a message meant for re-asking the model */
    public String parse(JsonNode answer) {
        JsonNode root = answer.isObject() ? answer : AnswerJson.object(answer.toString());
        JsonNode instruction = root.get("instruction");
        if (instruction == null || !instruction.isTextual() || instruction.asText().isBlank()) {
            throw new AnswerFormatException("\"instruction\" must be a non-empty string but was "
                    + AnswerJson.describe(instruction) + "; answer with {\"thought\": str, \"instruction\": str}");
        }
        return instruction.asText().strip();
    }
}
