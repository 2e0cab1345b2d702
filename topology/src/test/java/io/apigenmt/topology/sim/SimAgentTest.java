package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANCEL = "I want to cancel pending order with {\"order_id\":\"#W1234567\",\"reason\":\"no longer needed\"}.";

    /** An agent request under construction: policy, retail-like tools, the dialogue so far. */
    private static final class Conversation {
        final ObjectNode body = JSON.createObjectNode().put("model", "sim-agent");
        final ArrayNode messages = body.putArray("messages");
        private int calls;

        Conversation(boolean retail) {
            messages.addObject().put("role", "system").put("content", "The policy.");
            ArrayNode tools = body.putArray("tools");
            if (retail) {
                tool(tools, "find_user_id_by_email", "email");
                tool(tools, "find_user_id_by_name_zip", "first_name", "last_name", "zip");
            }
            tool(tools, "get_user_details", "user_id");
            tool(tools, "get_order_details", "order_id");
            ObjectNode cancel = tool(tools, "cancel_pending_order", "order_id", "reason");
            cancel.with("properties").with("reason").putArray("enum").add("no longer needed").add("ordered by mistake");
            tool(tools, "transfer_to_human_agents", "summary");
            messages.addObject().put("role", "assistant").put("content", "Hi! How can I help you today?");
        }

        private static ObjectNode tool(ArrayNode tools, String name, String... params) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function").put("name", name);
            ObjectNode schema = function.putObject("parameters").put("type", "object");
            ObjectNode props = schema.putObject("properties");
            ArrayNode required = schema.putArray("required");
            for (String p : params) {
                props.putObject(p).put("type", "string");
                required.add(p);
            }
            return schema;
        }

        Conversation user(String text) {
            messages.addObject().put("role", "user").put("content", text);
            return this;
        }

        /** Appends the agent's answer (and, for a tool call, the observation) as the rollout would. */
        Conversation answer(JsonNode answer, String observation) {
            ObjectNode copy = answer.deepCopy();
            messages.add(copy);
            if (copy.has("tool_calls")) {
                messages.addObject().put("role", "tool").put("tool_call_id", copy.path("tool_calls").get(0).path("id").asText())
                        .put("content", observation);
            }
            return this;
        }
    }

    private static JsonNode ask(SimAgent agent, Conversation c) {
        return agent.respond(c.body, new SplittableRandom(c.messages.size()));
    }

    private static String toolName(JsonNode answer) {
        return answer.path("tool_calls").path(0).path("function").path("name").asText(null);
    }

    private static JsonNode toolArgs(JsonNode answer) throws Exception {
        return JSON.readTree(answer.path("tool_calls").path(0).path("function").path("arguments").asText());
    }

    @Test
    void shouldAuthenticateReadConfirmWriteAndReport() throws Exception {
        SimAgent agent = new SimAgent(JSON, 0.0);
        Conversation c = new Conversation(true).user("Hi! My email is yusuf.rossi@example.com. " + CANCEL);

        JsonNode auth = ask(agent, c);
        assertThat(toolName(auth)).isEqualTo("find_user_id_by_email");
        assertThat(toolArgs(auth)).isEqualTo(JSON.createObjectNode().put("email", "yusuf.rossi@example.com"));
        assertThat(auth.path("content").isNull()).isTrue();
        assertThat(auth.path("tool_calls")).hasSize(1);

        JsonNode read = ask(agent, c.answer(auth, "yusuf_rossi_9620"));
        assertThat(toolName(read)).isEqualTo("get_order_details");
        assertThat(toolArgs(read)).isEqualTo(JSON.createObjectNode().put("order_id", "#W1234567"));

        JsonNode confirm = ask(agent, c.answer(read, "{\"order_id\":\"#W1234567\",\"status\":\"pending\"}"));
        assertThat(confirm.has("tool_calls")).isFalse();
        assertThat(confirm.path("content").asText()).contains("cancel pending order").contains("#W1234567").endsWith("Do you confirm? (yes/no)");

        JsonNode write = ask(agent, c.answer(confirm, null).user("Yes."));
        assertThat(toolName(write)).isEqualTo("cancel_pending_order");
        assertThat(toolArgs(write)).isEqualTo(JSON.readTree("{\"order_id\":\"#W1234567\",\"reason\":\"no longer needed\"}"));

        JsonNode report = ask(agent, c.answer(write, "{\"status\":\"cancelled\"}"));
        assertThat(report.path("content").asText()).startsWith("Done").contains("anything else");

        JsonNode answer = ask(agent, c.answer(report, null).user("Could you also tell me something? I expect to hear: \"1,234.50\"."));
        assertThat(answer.path("content").asText()).contains("1,234.50");
    }

    @Test
    void shouldAuthenticateByUserIdWhenTheDomainHasNoFinders() throws Exception {
        SimAgent agent = new SimAgent(JSON, 0.0);
        Conversation c = new Conversation(false).user("Hi! My email is a@b.com. " + CANCEL);

        JsonNode asked = ask(agent, c);
        assertThat(asked.path("content").asText()).contains("verify your identity").contains("user id");
        JsonNode auth = ask(agent, c.answer(asked, null).user("Sure. My user id is mia_li_3668."));
        assertThat(toolName(auth)).isEqualTo("get_user_details");
        assertThat(toolArgs(auth)).isEqualTo(JSON.createObjectNode().put("user_id", "mia_li_3668"));
    }

    @Test
    void shouldNotWriteOnANo() {
        SimAgent agent = new SimAgent(JSON, 0.0);
        Conversation c = new Conversation(true).user("Hi! My email is a@b.com. " + CANCEL);
        c.answer(ask(agent, c), "user_1");
        c.answer(ask(agent, c), "{}");
        c.answer(ask(agent, c), null).user("No, thanks.");

        JsonNode answer = ask(agent, c);
        assertThat(answer.has("tool_calls")).isFalse();
        assertThat(answer.path("content").asText()).contains("will not");
    }

    @Test
    void shouldTransferWhenTheUserCannotBeAuthenticated() {
        SimAgent agent = new SimAgent(JSON, 0.0);
        Conversation c = new Conversation(true).user("Hi! " + CANCEL);
        c.answer(ask(agent, c), null).user("I don't know.");
        c.answer(ask(agent, c), null).user("Still don't know.");

        assertThat(toolName(ask(agent, c))).isEqualTo("transfer_to_human_agents");
    }

    @Test
    void shouldErrOnSomeConversationsOnlyWhenAskedTo() throws Exception {
        int mistakes = 0;
        for (int i = 0; i < 40; i++) {
            String opening = "Hi! My email is user" + i + "@example.com. " + CANCEL;
            JsonNode perfect = firstWrite(new SimAgent(JSON, 0.0), opening);
            assertThat(toolName(perfect)).isEqualTo("cancel_pending_order");
            assertThat(toolArgs(perfect)).isEqualTo(JSON.readTree("{\"order_id\":\"#W1234567\",\"reason\":\"no longer needed\"}"));
            JsonNode sloppy = firstWrite(new SimAgent(JSON, 1.0), opening);
            if (!sloppy.equals(perfect)) {
                mistakes++;
                // Either a skipped write claimed as done, or the write with one wrong value.
                assertThat(toolName(sloppy) == null ? sloppy.path("content").asText() : toolName(sloppy))
                        .matches("Done!.*|cancel_pending_order");
            }
        }
        // Rate 1 errs on every conversation, at its first or second decision: about half hit the first.
        assertThat(mistakes).isBetween(8, 32);
    }

    private static JsonNode firstWrite(SimAgent agent, String opening) {
        Conversation c = new Conversation(true).user(opening);
        c.answer(ask(agent, c), "user_1");
        c.answer(ask(agent, c), "{}");
        c.answer(ask(agent, c), null).user("Yes.");
        JsonNode write = ask(agent, c);
        // Ignore the random call id: compare what was done.
        if (write.has("tool_calls")) {
            ((ObjectNode) write.path("tool_calls").get(0)).remove("id");
        }
        return write;
    }

    @Test
    void shouldDetectRequestsThatOfferTools() {
        assertThat(SimAgent.detects(new Conversation(true).body)).isTrue();
        assertThat(SimAgent.detects(JSON.createObjectNode().putArray("messages"))).isFalse();
    }
}
