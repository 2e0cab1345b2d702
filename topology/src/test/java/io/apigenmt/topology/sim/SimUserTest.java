package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimUserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTRUCTION = "Your first name is Yusuf. Your last name is Rossi. "
            + "Your email is yusuf.rossi@example.com. Your zip code is 19122. Your user id is yusuf_rossi_9620. "
            + "I want to cancel pending order with {\"order_id\":\"#W1\",\"reason\":\"no longer needed\"}. "
            + "I want to modify pending order payment with {\"order_id\":\"#W2\",\"payment_method_id\":\"paypal_1\"}. "
            + "You expect to hear: \"1,234.50\".";
    private final SimUser user = new SimUser(JSON);
    private final ActionPhrases phrases = new ActionPhrases(JSON);

    /** A user-model request as the rollout builds it: roles flipped (the agent speaks as "user"). */
    private static ObjectNode request(String... dialogue) {
        return requestFor(INSTRUCTION, dialogue);
    }

    /** The same, for another instruction. */
    static ObjectNode requestFor(String instruction, String... dialogue) {
        ObjectNode body = JSON.createObjectNode().put("model", "sim-user");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system")
                .put("content", "You are a customer.\n<instruction>\n" + instruction + "\n</instruction>\nEnd with ###STOP###.");
        for (int i = 0; i < dialogue.length; i++) {
            messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", dialogue[i]);
        }
        return body;
    }

    private String reply(String... dialogue) {
        return user.respond(request(dialogue), new SplittableRandom(1)).path("content").asText();
    }

    @Test
    void shouldOpenWithIdentityAndOnlyTheFirstAction() {
        String first = reply("Hi! How can I help you today?");

        assertThat(phrases.parseAll(first)).extracting(ToolCall::name).containsExactly("cancel_pending_order");
        assertThat(SimInstructions.parseIdentity(first).isEmpty()).isFalse();
        assertThat(first).doesNotContain("expect to hear").doesNotContain("###STOP###");
    }

    @Test
    void shouldBeDeterministicPerRandomSource() {
        ObjectNode request = request("Hi! How can I help you today?");
        assertThat(user.respond(request, new SplittableRandom(5))).isEqualTo(user.respond(request, new SplittableRandom(5)));
    }

    @Test
    void shouldConfirmThenAskForTheNextThingThenTheOutputThenStop() {
        String open = "Hi! My email is yusuf.rossi@example.com. " + phrases.describe(phrases.parseAll(INSTRUCTION).get(0));

        assertThat(reply("Hi!", open, "To confirm, I will cancel pending order. Do you confirm? (yes/no)")).isEqualTo("Yes.");
        String next = reply("Hi!", open, "To confirm ... (yes/no)", "Yes.", "Done. Anything else?");
        assertThat(phrases.parseAll(next)).extracting(ToolCall::name).containsExactly("modify_pending_order_payment");
        String ask = reply("Hi!", open, "confirm? (yes/no)", "Yes.", "Done.", next, "confirm? (yes/no)", "Yes.", "Done.");
        assertThat(ask).contains("I expect to hear: \"1,234.50\"");
        String done = reply("Hi!", open, "confirm? (yes/no)", "Yes.", "Done.", next, "confirm? (yes/no)", "Yes.", "Done.", ask,
                "Here it is: 1234.50.");
        assertThat(done).isEqualTo("Thank you, that's all. ###STOP###");
    }

    @Test
    void shouldNotAskForAnOutputItAlreadyHeard() {
        String open = "Hi! My email is yusuf.rossi@example.com. " + phrases.describe(phrases.parseAll(INSTRUCTION).get(0));
        String second = phrases.describe(phrases.parseAll(INSTRUCTION).get(1));

        String reply = reply("Hi!", open, "Done, your refund of $1,234.50 is on its way.", second, "Done.");
        assertThat(reply).endsWith("###STOP###");
    }

    @Test
    void shouldRevealTheIdentityDetailTheAgentAsksFor() {
        String open = "Hi! My email is yusuf.rossi@example.com. I want to cancel pending order with {\"order_id\":\"#W1\"}.";

        String reply = reply("Hi!", open, "Before I can help, I need to verify your identity. Could you please provide your user id?");
        assertThat(reply).isEqualTo("Sure. My user id is yusuf_rossi_9620.");
        String nameZip = reply("Hi!", open,
                "Before I can help, I need to verify your identity. Could you please provide your email address, or your first name, last name and zip code?");
        assertThat(nameZip).isEqualTo("Sure. My first name is Yusuf, my last name is Rossi, and my zip code is 19122.");
    }

    @Test
    void shouldDetectOnlyTheRolloutUserPrompt() {
        assertThat(SimUser.detects(request("Hi!"))).isTrue();
        ObjectNode other = JSON.createObjectNode();
        other.putArray("messages").addObject().put("role", "system").put("content", "You are a judge.");
        assertThat(SimUser.detects(other)).isFalse();
    }

    @Test
    void shouldStopWhenTheConversationRunsTooLong() {
        String[] dialogue = new String[40];
        for (int i = 0; i < dialogue.length; i++) {
            dialogue[i] = i % 2 == 0 ? "Hmm?" : "Hello.";
        }
        assertThat(reply(dialogue)).endsWith("###STOP###");
    }

    @Test
    void shouldMatchTheRolloutUserPromptResource() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("prompts/user.md")) {
            String prompt = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(prompt).contains(PromptBlock.INSTRUCTION.open() + "\n{{instruction}}\n" + PromptBlock.INSTRUCTION.close())
                    .contains(SimUser.STOP);
        }
    }
}
