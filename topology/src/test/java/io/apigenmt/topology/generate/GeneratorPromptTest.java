package io.apigenmt.topology.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.sim.TestDomains;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorPromptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GeneratorPrompt prompt = new GeneratorPrompt(JSON);

    @Test
    void firstAndRevisionPromptsCarryTheContext() {
        Domain domain = TestDomains.registry().find("retail").orElseThrow();
        TaskContext context = domain.contextSampler().sample(3);
        ChatRequest first = prompt.first(LocalDomain.described(domain), context);
        assertThat(first.jsonOutput()).isTrue();
        assertThat(first.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
        String system = first.messages().get(0).content();
        String user = first.messages().get(1).content();
        assertThat(system).contains(domain.policy().strip().substring(0, 40));
        domain.tools().forEach(t -> assertThat(system).contains("\"name\":\"" + t.name() + "\""));
        assertThat(system).contains("\"instruction\"", "\"actions\"", "\"outputs\"", "\"thought\"");
        assertThat(user).contains("<task_context>", context.userId(), "suggested_actions", "suggested_outputs");
        assertThat(user).doesNotContain("<improvement_plan>");

        BlueprintDraft previous = new BlueprintDraft("Old instruction.", context.suggestedActions(), List.of("42"));
        ChatRequest revision = prompt.revision(LocalDomain.described(domain), context, previous, "Use order #W2 instead.");
        String revisionUser = revision.messages().get(revision.messages().size() - 1).content();
        assertThat(revisionUser).contains("<task_context>", "<previous_blueprint>", "Old instruction.",
                "<improvement_plan>", "Use order #W2 instead.");
    }

    @Test
    void parsesBareFencedAndWrappedAnswers() {
        String bare = "{\"thought\":\"t\",\"instruction\":\"Cancel #W1.\",\"actions\":[{\"name\":\"cancel_pending_order\","
                + "\"arguments\":{\"order_id\":\"#W1\"}}],\"outputs\":[\"10.00\"]}";
        for (String answer : List.of(bare, "```json\n" + bare + "\n```", "Here you go: " + bare + " Hope it helps {}",
                "{\"blueprint\":" + bare + "}")) {
            BlueprintDraft draft = prompt.parse(answer);
            assertThat(draft.instruction()).isEqualTo("Cancel #W1.");
            assertThat(draft.actions()).hasSize(1);
            assertThat(draft.actions().get(0).name()).isEqualTo("cancel_pending_order");
            assertThat(draft.actions().get(0).arguments().path("order_id").asText()).isEqualTo("#W1");
            assertThat(draft.outputs()).containsExactly("10.00");
            assertThat(draft.outputsAreStrings()).isTrue();
        }
    }

    @Test
    void leavesDomainChecksToReviewButRecordsNonStringOutputs() {
        BlueprintDraft draft = prompt.parse("{\"instruction\":\"x\",\"actions\":[{\"name\":\"no_such_tool\","
                + "\"arguments\":\"{\\\"a\\\":1}\"},{\"name\":\"other\"}],\"outputs\":[12.5,\"ok\",{\"a\":1}]}");
        assertThat(draft.actions()).extracting(a -> a.name()).containsExactly("no_such_tool", "other");
        assertThat(draft.actions().get(0).arguments().path("a").asInt()).isEqualTo(1); // JSON-string arguments accepted
        assertThat(draft.actions().get(1).arguments().isObject()).isTrue();
        assertThat(draft.outputs()).containsExactly("12.5", "ok", "{\"a\":1}");
        assertThat(draft.outputsAreStrings()).isFalse();
        assertThat(draft.outputProblems()).hasSize(2).first().asString().contains("outputs[0]", "a number");
        // Missing outputs: an empty list, not an error (the paper allows none).
        assertThat(prompt.parse("{\"instruction\":\"x\",\"actions\":[]}").outputs()).isEmpty();
    }

    @Test
    void wrongShapesFailWithAMessageForTheModel() {
        assertThatThrownBy(() -> prompt.parse("I cannot do that.")).isInstanceOf(AnswerFormatException.class)
                .hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> prompt.parse("{\"instruction\":3,\"actions\":[]}")).isInstanceOf(AnswerFormatException.class)
                .hasMessageContaining("\"instruction\" must be a non-empty string");
        assertThatThrownBy(() -> prompt.parse("{\"instruction\":\"x\",\"actions\":{}}"))
                .hasMessageContaining("\"actions\" must be a list");
        assertThatThrownBy(() -> prompt.parse("{\"instruction\":\"x\",\"actions\":[{\"arguments\":{}}]}"))
                .hasMessageContaining("actions[0]");
        assertThatThrownBy(() -> prompt.parse("{\"instruction\":\"x\",\"actions\":[],\"outputs\":\"5\"}"))
                .hasMessageContaining("\"outputs\" must be a list of strings");
    }
}
