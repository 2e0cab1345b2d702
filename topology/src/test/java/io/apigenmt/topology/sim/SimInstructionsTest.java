package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimInstructionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimInstructions instructions = new SimInstructions(JSON);

    private static TaskContext context() {
        ObjectNode user = JSON.createObjectNode().put("user_id", "yusuf_rossi_9620").put("email", "yusuf.rossi@example.com");
        user.putObject("name").put("first_name", "Yusuf").put("last_name", "Rossi");
        user.putObject("address").put("zip", "19122");
        return new TaskContext("yusuf_rossi_9620", user, "terse", List.of(), List.of());
    }

    @Test
    void shouldWriteAnInstructionItsReadersInvert() {
        ToolCall cancel = new ToolCall("cancel_pending_order",
                JSON.createObjectNode().put("order_id", "#W1234567").put("reason", "no longer needed"));
        String text = instructions.build(context(), List.of(cancel), List.of("$1,234.50", "He said \"fine\". Then left."));

        assertThat(text).startsWith("Your first name is Yusuf. Your last name is Rossi. Your email is yusuf.rossi@example.com. "
                + "Your zip code is 19122. Your user id is yusuf_rossi_9620. I want to cancel pending order with ");
        assertThat(SimInstructions.parseIdentity(text))
                .isEqualTo(new SimInstructions.Identity("Yusuf", "Rossi", "yusuf.rossi@example.com", "19122", "yusuf_rossi_9620"));
        assertThat(new ActionPhrases(JSON).parseAll(text)).containsExactly(cancel);
        assertThat(instructions.parseExpectations(text)).containsExactly("$1,234.50", "He said \"fine\". Then left.");
    }

    @Test
    void shouldReadTheUsersOwnPhrasing() {
        String said = "Hi! My first name is Yusuf, my last name is Rossi, and my zip code is 19122. " + instructions.askFor("42");

        assertThat(SimInstructions.parseIdentity(said))
                .isEqualTo(new SimInstructions.Identity("Yusuf", "Rossi", null, "19122", null));
        assertThat(instructions.parseExpectations(said)).containsExactly("42");
    }

    @Test
    void shouldReadUnquotedExpectationsAndAFullName() {
        String text = "You are Mia Li. Your email is mia.li@example.com. Your user id is mia_li_3668. "
                + "I also want to be told the relevant detail; you expect to hear: 179.05. "
                + "I also want to be told the relevant detail; you expect to hear: St. Louis.";

        SimInstructions.Identity id = SimInstructions.parseIdentity(text);
        assertThat(id.firstName()).isEqualTo("Mia");
        assertThat(id.lastName()).isEqualTo("Li");
        assertThat(id.email()).isEqualTo("mia.li@example.com");
        assertThat(id.userId()).isEqualTo("mia_li_3668");
        assertThat(instructions.parseExpectations(text)).containsExactly("179.05", "St. Louis");
    }
}
