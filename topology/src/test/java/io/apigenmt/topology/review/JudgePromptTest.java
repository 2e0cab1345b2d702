package io.apigenmt.topology.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.generate.AnswerFormatException;
import io.apigenmt.topology.llm.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgePromptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JudgePrompt prompt = new JudgePrompt(JSON);

    @Test
    void requestShowsPolicyBlueprintAndDiff() {
        ToolCall call = new ToolCall("cancel_pending_order", JSON.createObjectNode().put("order_id", "#W7"));
        ChatRequest request = prompt.request("POLICY TEXT", "Cancel #W7.", List.of(call), List.of("done"),
                "[{\"path\":\"orders/#W7/status\",\"before\":\"pending\",\"after\":\"cancelled\"}]");
        String all = request.messages().stream().map(m -> m.content()).reduce("", String::concat);
        assertThat(request.jsonOutput()).isTrue();
        assertThat(all).contains("POLICY TEXT", "<blueprint>", "Cancel #W7.", "cancel_pending_order", "<diff_patch>",
                "orders/#W7/status", "\"correctness\"", "\"creativity\"", "\"reflection\"", "\"correction\"");
    }

    @Test
    void acceptsNumbersBooleansAndStrings() {
        JudgeScores s = prompt.parse("Thinking... ```json\n{\"correctness\":1,\"completeness\":true,\"satisfaction\":\"0\","
                + "\"creativity\":1.0,\"reflection\":\"fine\",\"correction\":\"\"}\n```");
        assertThat(s).isEqualTo(new JudgeScores(1, 1, 0, 1, "fine", ""));
        assertThat(s.mean()).isEqualTo(0.75);
        assertThat(prompt.parse("{\"scores\":{\"correctness\":0,\"completeness\":0,\"satisfaction\":false,\"creativity\":\"1\"}}"))
                .isEqualTo(new JudgeScores(0, 0, 0, 1, "", ""));
    }

    @Test
    void rejectsOtherScoresClearly() {
        assertThatThrownBy(() -> prompt.parse("{\"correctness\":2,\"completeness\":1,\"satisfaction\":1,\"creativity\":1}"))
                .isInstanceOf(AnswerFormatException.class).hasMessageContaining("\"correctness\" must be 0 or 1 but was a number (2)");
        assertThatThrownBy(() -> prompt.parse("{\"correctness\":1,\"completeness\":\"yes\",\"satisfaction\":1,\"creativity\":1}"))
                .hasMessageContaining("\"completeness\"");
        assertThatThrownBy(() -> prompt.parse("{\"correctness\":1,\"completeness\":1,\"satisfaction\":1}"))
                .hasMessageContaining("\"creativity\" must be 0 or 1 but was missing");
    }
}
