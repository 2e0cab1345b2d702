package io.apigenmt.topology.rollout;

import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The rollout's prompt resources: {@code prompts/agent.md} (the policy is the agent's whole system
 * prompt, as in the method), {@code prompts/user.md} (tau-bench's user rules around the
 * instruction) and {@code prompts/user-judge.md} (best-of-N faithfulness score).
 *
 * <p>{@code user.md} puts the instruction inside a {@link io.apigenmt.topology.llm.PromptBlock#INSTRUCTION}
 * block: sim-llm's simulated user reads it back from there.
 */
final class RolloutPrompts {
    private static final String NO_PERSONA = "(none given: talk plainly and politely)";

    private final PromptTemplate agent = PromptTemplate.load("prompts/agent.md");
    private final PromptTemplate user = PromptTemplate.load("prompts/user.md");
    private final PromptTemplate judge = PromptTemplate.load("prompts/user-judge.md");

    String agentSystemPrompt(String policy) {
        return agent.render(Map.of("policy", policy)).strip();
    }

    String userSystemPrompt(String instruction, String persona) {
        List<ChatMessage> rendered = user.messages(Map.of(
                "instruction", instruction.strip(),
                "persona", persona == null || persona.isBlank() ? NO_PERSONA : persona.strip()));
        return rendered.get(0).content();
    }

    List<ChatMessage> judgeMessages(String instruction, String conversation, String candidate) {
        return judge.messages(Map.of("instruction", instruction.strip(), "conversation", conversation, "candidate", candidate));
    }
}
