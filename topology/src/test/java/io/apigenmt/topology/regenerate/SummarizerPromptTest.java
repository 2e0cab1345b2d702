package io.apigenmt.topology.regenerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.generate.AnswerFormatException;
import io.apigenmt.topology.llm.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummarizerPromptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SummarizerPrompt prompt = new SummarizerPrompt(JSON);

    @Test
    void requestCarriesReasonsAndCritiques() {
        ChatRequest request = prompt.request("Do it.", List.of(), List.of("x"), List.of("execution: unknown order #W9"),
                List.of(new SummarizerPrompt.Critique("judge-a", "Wrong id.", "Use #W8.")));
        String all = request.messages().stream().map(m -> m.content()).reduce("", String::concat);
        assertThat(all).contains("<failure_reasons>", "execution: unknown order #W9", "<reviewer_critiques>", "judge-a",
                "Use #W8.", "{\"plan\"");
    }

    @Test
    void parsesThePlan() {
        assertThat(prompt.parse("{\"plan\":\"  Use #W8.  \"}")).isEqualTo("Use #W8.");
        assertThat(prompt.parse("{\"plan\":[\"Use #W8.\",\"Say the price.\"]}")).isEqualTo("Use #W8. Say the price.");
        assertThatThrownBy(() -> prompt.parse("{\"summary\":\"x\"}")).isInstanceOf(AnswerFormatException.class)
                .hasMessageContaining("\"plan\" must be a non-empty string");
    }
}
