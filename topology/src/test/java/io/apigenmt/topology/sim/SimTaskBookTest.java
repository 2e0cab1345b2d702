package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.given.TauBenchFiles;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sim-llm's user on tau-bench's prose instructions: a given task it was told about is played from
 * its ground truth (identity from the database, the writes in the phrasebook, the outputs); an
 * instruction it does not know stays as written.
 */
class SimTaskBookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DomainRegistry domains;
    private static List<GivenTaskFile.Line> tasks;

    @BeforeAll
    static void readTheTasks() throws IOException {
        domains = TauBenchFiles.domains();
        tasks = new GivenTaskFile(domains, JSON, 64 * 1024).read(TauBenchFiles.tasks(), null).tasks();
    }

    @Test
    void shouldPlayAKnownTauBenchInstructionFromItsGroundTruthWrites() {
        // Given the book of the fixture tasks, and task 2: a prose instruction, three reads and one write, one output
        SimTaskBook book = SimTaskBook.of(tasks, domains, JSON);
        GivenTaskFile.Line change = tasks.get(1);

        // When its instruction is looked up
        String played = book.playable(change.task().getInstruction());

        // Then the user plays the write with its ground-truth arguments, who it is, and what it wants to hear
        List<ToolCall> spoken = new ActionPhrases(JSON).parseAll(played);
        assertThat(spoken).extracting(ToolCall::name).containsExactly("modify_pending_order_items");
        assertThat(spoken.get(0).arguments().path("new_item_ids").get(0).asText()).isEqualTo("8426249116");
        SimInstructions.Identity identity = SimInstructions.parseIdentity(played);
        assertThat(identity.email()).isEqualTo("mia.ito1122@example.com");
        assertThat(identity.userId()).isEqualTo(TauBenchFiles.OTHER_RETAIL_USER);
        assertThat(identity.zip()).isEqualTo("94107");
        assertThat(new SimInstructions(JSON).parseExpectations(played)).containsExactly("488.81");
        // and a final transfer is spoken too (task 4: reads, then transfer_to_human_agents)
        assertThat(new ActionPhrases(JSON).parseAll(book.playable(tasks.get(3).task().getInstruction())))
                .extracting(ToolCall::name).containsExactly("transfer_to_human_agents");
    }

    @Test
    void shouldOpenAKnownTaskWithItsIdentityAndFirstWriteAndLeaveOthersAsWritten() {
        SimUser user = new SimUser(JSON, SimTaskBook.of(tasks, domains, JSON));
        String cancel = tasks.get(0).task().getInstruction();

        String opening = user.respond(SimUserTest.requestFor(cancel, "Hi! How can I help you today?"), new SplittableRandom(3))
                .path("content").asText();

        assertThat(new ActionPhrases(JSON).parseAll(opening)).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("cancel_pending_order");
            assertThat(call.arguments().path("order_id").asText()).isEqualTo("#W1519594");
        });
        assertThat(SimInstructions.parseIdentity(opening).isEmpty()).isFalse();
        String unknown = "You are Yusuf Rossi in 19122. You want to exchange your keyboard.";
        assertThat(SimTaskBook.of(tasks, domains, JSON).playable(unknown)).isEqualTo(unknown);
        assertThat(SimTaskBook.empty().playable(cancel)).isEqualTo(cancel);
    }
}
